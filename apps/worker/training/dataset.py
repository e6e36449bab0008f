"""Training samples from a `myoscope export` directory.

Layout read (see packages/core/src/training-export and the README):
  manifest.json                      tiles per split, each with its source's pixel size (mpp)
  <split>/images/<tile>.png          RGB 8-bit
  <split>/masks/<tile>.png           8-bit classes 0 background / 1 fiber / 2 boundary
  <split>/labels/<tile>.png          16-bit instance labels, 0 = not fiber
  <split>/weights/<tile>.png         optional, 16-bit round(weight * manifest.weights.scale)

Every sample is a random tile, rescaled from its own pixel size to the training
pixel size times a random factor around 1 (the generator's images vary in mpp,
real sections too), cropped, rotated by a multiple of 90 degrees, maybe flipped,
and colour-augmented as in the SYNTA paper (Mill et al. 2025: random 90-degree
rotations, additive noise, Gaussian blur, brightness, contrast, saturation and
hue). The border weight map is computed after the geometric transforms (the
paper computed it "on-the-fly"), unless the export carries one and it is asked for.
"""

import json
import math
import os

import numpy as np
from PIL import Image
from scipy import ndimage

from weights import border_weight_map

SPLITS = ("train", "val")


def load_manifest(export_dir):
    with open(os.path.join(export_dir, "manifest.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
    if manifest.get("format") != "myoscope-training-export":
        raise ValueError(f"{export_dir}/manifest.json is not a myoscope training export")
    return manifest


def read_tile(export_dir, split, tile, with_weights=False, weight_scale=100.0):
    """(image uint8 HxWx3, classes uint8 HxW, labels int32 HxW, weights float32 HxW or None)."""
    name = tile["file"]
    root = os.path.join(export_dir, split)
    image = np.asarray(Image.open(os.path.join(root, "images", name)).convert("RGB"))
    classes = np.asarray(Image.open(os.path.join(root, "masks", name)))
    labels = np.asarray(Image.open(os.path.join(root, "labels", name))).astype(np.int32)
    weights = None
    if with_weights:
        stored = np.asarray(Image.open(os.path.join(root, "weights", name)))
        weights = stored.astype(np.float32) / float(weight_scale)
    return image, classes, labels, weights


def resize_box(array, box, size, resample):
    """Resamples the (x0, y0, x1, y1) box (floats allowed) of a 2-D array to size (w, h)."""
    if array.dtype not in (np.uint8, np.float32):
        array = array.astype(np.int32)
    return np.asarray(Image.fromarray(array).resize(size, resample=resample, box=box))


def rescale_and_crop(rng, arrays, scale, crop):
    """Crops a random window that becomes crop x crop after scaling by `scale`.

    arrays: dict of 2-D/3-D arrays sharing H, W. Returns the scaled crops and a
    0/1 float mask of valid pixels: where the tile (scaled) is smaller than the
    crop, the rest is padding and must not count in the loss.
    """
    height, width = next(iter(arrays.values())).shape[:2]
    src = crop / scale
    out = {}
    boxes = []
    sizes = []
    for length in (width, height):
        if src <= length:
            start = rng.uniform(0.0, length - src)
            boxes.append((start, start + src))
            sizes.append(crop)
        else:
            boxes.append((0.0, float(length)))
            sizes.append(max(1, min(crop, int(round(length * scale)))))
    box = (boxes[0][0], boxes[1][0], boxes[0][1], boxes[1][1])
    size = (sizes[0], sizes[1])
    valid = np.zeros((crop, crop), dtype=np.float32)
    valid[: size[1], : size[0]] = 1.0
    for key, array in arrays.items():
        if array is None:
            out[key] = None
            continue
        if array.ndim == 3:
            resized = np.asarray(Image.fromarray(array).resize(size, Image.BILINEAR, box=box))
        else:
            # Classes, labels and weights: nearest, so no new label or class values appear.
            resized = resize_box(array, box, size, Image.NEAREST)
        padded = np.zeros((crop, crop) + array.shape[2:], dtype=resized.dtype)
        padded[: size[1], : size[0]] = resized
        out[key] = padded
    return out, valid


def rgb_to_gray(image):
    return image @ np.array([0.299, 0.587, 0.114], dtype=np.float32)


def rotate_hue(image, turns):
    """Hue rotation as a rotation of the chroma plane of YIQ (a linear, cheap stand-in for HSV)."""
    angle = 2.0 * math.pi * turns
    to_yiq = np.array([[0.299, 0.587, 0.114], [0.596, -0.274, -0.322], [0.211, -0.523, 0.312]],
                      dtype=np.float32)
    cos, sin = math.cos(angle), math.sin(angle)
    rotation = np.array([[1, 0, 0], [0, cos, -sin], [0, sin, cos]], dtype=np.float32)
    matrix = np.linalg.inv(to_yiq) @ rotation @ to_yiq
    return image @ matrix.T.astype(np.float32)


def augment_colour(rng, image, strength):
    """image: float32 HxWx3 in [0, 1]. Brightness, contrast, saturation, hue, blur, noise."""
    s = strength
    image = image * rng.uniform(1 - 0.2 * s, 1 + 0.2 * s)
    mean = float(rgb_to_gray(image).mean())
    image = (image - mean) * rng.uniform(1 - 0.25 * s, 1 + 0.25 * s) + mean
    gray = rgb_to_gray(image)[..., None]
    image = gray + (image - gray) * rng.uniform(1 - 0.3 * s, 1 + 0.3 * s)
    image = rotate_hue(image, rng.uniform(-0.05 * s, 0.05 * s))
    if rng.random() < 0.3 * s:
        sigma = rng.uniform(0.3, 1.5)
        image = ndimage.gaussian_filter(image, sigma=(sigma, sigma, 0))
    if rng.random() < 0.5 * s:
        image = image + rng.normal(0.0, rng.uniform(0.0, 0.04), size=image.shape).astype(np.float32)
    return np.clip(image, 0.0, 1.0)


class TrainingSamples:
    """Random augmented crops. Sample i of epoch e is a pure function of (seed, e, i)."""

    def __init__(self, export_dir, split="train", crop=256, target_mpp=None, scale_jitter=0.25,
                 colour_strength=1.0, weights="on-the-fly", weight_options=None, seed=0,
                 length=1000, augment=True):
        if split not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS}, got {split}")
        if crop % 16 != 0:
            raise ValueError(f"crop must be a multiple of 16, got {crop}")
        if weights not in ("on-the-fly", "export"):
            raise ValueError(f"weights must be 'on-the-fly' or 'export', got {weights}")
        self.export_dir = export_dir
        self.manifest = load_manifest(export_dir)
        self.split = split
        self.tiles = self.manifest["tiles"][split]
        if not self.tiles:
            raise ValueError(f"{export_dir} has no {split} tiles")
        if weights == "export" and not self.manifest.get("weights"):
            raise ValueError(f"{export_dir} was exported without --weights")
        self.crop = crop
        self.target_mpp = float(target_mpp or self.manifest["mpp"]["mean"])
        self.scale_jitter = scale_jitter
        self.colour_strength = colour_strength
        self.weights = weights
        self.weight_options = dict(weight_options or {})
        self.seed = seed
        self.epoch = 0
        self.length = length
        self.augment = augment

    def __len__(self):
        return self.length

    def set_epoch(self, epoch):
        self.epoch = epoch

    def __getitem__(self, index):
        rng = np.random.default_rng([self.seed, self.epoch, index])
        tile = self.tiles[int(rng.integers(len(self.tiles)))] if self.augment else \
            self.tiles[index % len(self.tiles)]
        use_export_weights = self.weights == "export"
        scale_stored = (self.manifest.get("weights") or {}).get("scale", 100.0)
        image, classes, labels, weights = read_tile(self.export_dir, self.split, tile,
                                                    use_export_weights, scale_stored)
        scale = float(tile["mpp"]) / self.target_mpp
        if self.augment and self.scale_jitter > 0:
            spread = math.log1p(self.scale_jitter)
            scale *= math.exp(rng.uniform(-spread, spread))
        arrays = {"image": image, "classes": classes, "labels": labels, "weights": weights}
        crops, valid = rescale_and_crop(rng, arrays, scale, self.crop)
        image, classes, labels = crops["image"], crops["classes"], crops["labels"]
        weights = crops["weights"]
        if self.augment:
            turns = int(rng.integers(4))
            flip = bool(rng.integers(2))

            def orient(array):
                array = np.rot90(array, turns, axes=(0, 1))
                return np.flip(array, axis=1) if flip else array

            image, classes, labels, valid = orient(image), orient(classes), orient(labels), orient(valid)
            weights = orient(weights) if weights is not None else None
        image = image.astype(np.float32) / 255.0
        if self.augment and self.colour_strength > 0:
            image = augment_colour(rng, image, self.colour_strength)
        if weights is None:
            weights = border_weight_map(labels, classes, **self.weight_options)
        weights = weights * valid
        return (np.ascontiguousarray(image.transpose(2, 0, 1) * 255.0, dtype=np.float32),
                np.ascontiguousarray(classes, dtype=np.int64),
                np.ascontiguousarray(weights, dtype=np.float32))
