"""Model selection on real images, as the SYNTA paper did it (Mill et al. 2025:
"after each epoch the model performed a segmentation on real validation image
patches ... the model with the best performance was chosen"). Real images are
only ever predicted here, never trained on.

Default set: the two H&E tiles of ../shared/data/real/he_muscle_wcchu (Cellpose
masks as reference, about 0.2774 um/px). Each image is rescaled to the model's
pixel size and predicted; the probabilities are scaled back to the reference's size and
post-processed simply, in two modes: fiber seeds by argmax, or by the platform's
threshold (fiber probability >= 210/255); seeds -> connected components -> grown into
non-background pixels -> holes filled -> small objects dropped.

Metrics as the paper and Cellpose define them: pixel F1 of the fiber mask, and
AP@0.5 = TP / (TP + FP + FN), a predicted fiber being a TP when its IoU with a
reference fiber exceeds 0.5 (such a match is necessarily one-to-one).

Standalone: /usr/bin/python3 evaluate_real.py --checkpoint runs/x/best.pt [--overlays DIR]
"""

import os

# Before torch loads libgomp: idle OpenMP threads sleep instead of spinning. On a machine
# shared with other jobs, spinning threads made a 2-thread step over 10x slower.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import glob
import json

import numpy as np
import torch
from PIL import Image
from scipy import ndimage

from unet import normalize_rgb

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_REAL_DIR = os.path.normpath(os.path.join(HERE, "../../../../shared/data/real/he_muscle_wcchu"))
DEFAULT_REAL_MPP = 0.2774


def load_real_set(real_dir=DEFAULT_REAL_DIR):
    """[(name, rgb uint8 HxWx3, reference labels int32 HxW)] from images/*.tif and masks_cellpose/."""
    pairs = []
    for path in sorted(glob.glob(os.path.join(real_dir, "images", "*.tif"))):
        name = os.path.splitext(os.path.basename(path))[0]
        mask_path = os.path.join(real_dir, "masks_cellpose", f"{name}_cp_masks.png")
        if not os.path.exists(mask_path):
            continue
        image = np.asarray(Image.open(path).convert("RGB"))
        labels = np.asarray(Image.open(mask_path)).astype(np.int32)
        pairs.append((name, image, labels))
    if not pairs:
        raise FileNotFoundError(f"no images/*.tif with masks_cellpose/*_cp_masks.png in {real_dir}")
    return pairs


def predict_probabilities(model, image, device):
    """Softmax probabilities (3, H, W) of an RGB uint8 image, reflect-padded to multiples of 16."""
    height, width = image.shape[:2]
    pad_h, pad_w = (-height) % 16, (-width) % 16
    padded = np.pad(image, ((0, pad_h), (0, pad_w), (0, 0)), mode="reflect")
    batch = torch.from_numpy(np.ascontiguousarray(padded.transpose(2, 0, 1)))[None].to(device)
    with torch.no_grad():
        logits = model(normalize_rgb(batch))
    return torch.softmax(logits, dim=1)[0, :, :height, :width].cpu().numpy()


# The platform's post-processing (issue 5, after the paper's Fiji toolset) seeds fibers where the
# fiber probability x 255 reaches 210; model selection reports that mode next to plain argmax.
PLATFORM_FIBER_THRESHOLD = 210.0 / 255.0
MODES = ("argmax", "threshold")


def postprocess(probabilities, mpp, mode="argmax", min_area_um2=150.0, grow_um=3.0):
    """Instance labels from class probabilities (3, H, W) at `mpp` um/px.

    Seeds: argmax = fiber (mode "argmax") or fiber probability >= 210/255 (mode "threshold");
    4-connected seed components grow into pixels that are not background (argmax boundary,
    resp. background probability < 0.5) within grow_um; holes enclosed by one fiber are
    filled; objects under min_area_um2 are dropped.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode}")
    classes = probabilities.argmax(axis=0)
    if mode == "argmax":
        seeds, growable = classes == 1, classes == 2
    else:
        seeds = probabilities[1] >= PLATFORM_FIBER_THRESHOLD
        growable = (probabilities[0] < 0.5) & ~seeds
    grow_px = grow_um / mpp
    labels, _ = ndimage.label(seeds)
    if labels.max() == 0:
        return labels.astype(np.int32)
    distance, (iy, ix) = ndimage.distance_transform_edt(labels == 0, return_indices=True)
    grow = growable & (distance <= grow_px)
    labels[grow] = labels[iy[grow], ix[grow]]
    # Central nuclei and speckles predicted as boundary leave holes inside fibers; a hole
    # enclosed by one fiber belongs to it (gaps enclosed by several fibers stay gaps).
    for label, box in enumerate(ndimage.find_objects(labels), start=1):
        if box is None:
            continue
        window = labels[box]
        holes = ndimage.binary_fill_holes(window == label) & (window == 0)
        window[holes] = label
    min_area_px = min_area_um2 / (mpp * mpp)
    areas = np.bincount(labels.ravel())
    small = areas < min_area_px
    small[0] = False
    labels[small[labels]] = 0
    # Consecutive ids after dropping.
    ids = np.unique(labels)
    lookup = np.zeros(labels.max() + 1, dtype=np.int32)
    lookup[ids] = np.arange(len(ids), dtype=np.int32)
    return lookup[labels]


def predict_full_resolution(model, image, image_mpp, model_mpp, device):
    """Probabilities (3, H, W) at the image's resolution.

    The model runs at its own pixel size; its probabilities are resized back bilinearly, so
    that outlines are not staircased by the rescaling.
    """
    height, width = image.shape[:2]
    scale = image_mpp / model_mpp
    size = (max(16, int(round(width * scale))), max(16, int(round(height * scale))))
    scaled = np.asarray(Image.fromarray(image).resize(size, Image.BILINEAR))
    probabilities = torch.from_numpy(predict_probabilities(model, scaled, device))[None]
    full = torch.nn.functional.interpolate(probabilities, size=(height, width), mode="bilinear",
                                           align_corners=False)
    return full[0].numpy()


def compute_metrics(predicted, reference, threshold=0.5):
    """Pixel precision/recall/F1 of the fiber mask and AP at one IoU threshold."""
    pred_fg = predicted > 0
    ref_fg = reference > 0
    tp_px = float(np.count_nonzero(pred_fg & ref_fg))
    precision = tp_px / max(1.0, float(np.count_nonzero(pred_fg)))
    recall = tp_px / max(1.0, float(np.count_nonzero(ref_fg)))
    f1 = 2 * precision * recall / max(1e-12, precision + recall)
    _, pred_ids = np.unique(predicted, return_inverse=True)
    _, ref_ids = np.unique(reference, return_inverse=True)
    pred_ids = pred_ids.reshape(predicted.shape)
    ref_ids = ref_ids.reshape(reference.shape)
    n_pred = int(pred_ids.max()) + 1
    n_ref = int(ref_ids.max()) + 1
    overlap = np.bincount((pred_ids * n_ref + ref_ids).ravel(), minlength=n_pred * n_ref)
    overlap = overlap.reshape(n_pred, n_ref).astype(np.float64)
    # Row/column 0 is background when present (labels start at 0 in both images).
    has_pred_bg = predicted.min() == 0
    has_ref_bg = reference.min() == 0
    inter = overlap[1 if has_pred_bg else 0:, 1 if has_ref_bg else 0:]
    pred_area = overlap.sum(axis=1)[1 if has_pred_bg else 0:]
    ref_area = overlap.sum(axis=0)[1 if has_ref_bg else 0:]
    union = pred_area[:, None] + ref_area[None, :] - inter
    iou = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    true_positives = int(np.count_nonzero(iou > threshold))
    false_positives = len(pred_area) - true_positives
    false_negatives = len(ref_area) - true_positives
    denominator = true_positives + false_positives + false_negatives
    ap = true_positives / denominator if denominator else 1.0
    return {"precision": precision, "recall": recall, "f1": f1, "ap50": ap,
            "tp": true_positives, "fp": false_positives, "fn": false_negatives,
            "n_pred": len(pred_area), "n_ref": len(ref_area)}


def draw_overlay(image, predicted, reference):
    """RGB picture: reference outlines in black, predicted outlines in yellow."""
    out = image.copy()

    def outline(labels):
        edge = np.zeros(labels.shape, dtype=bool)
        edge[:-1] |= labels[:-1] != labels[1:]
        edge[:, :-1] |= labels[:, :-1] != labels[:, 1:]
        return edge & (ndimage.maximum_filter(labels, 3) > 0)

    out[outline(reference)] = (0, 0, 0)
    # Two pixels wide, so that predictions stay visible when the picture is scaled down.
    out[ndimage.binary_dilation(outline(predicted))] = (255, 220, 0)
    return out


def evaluate_model(model, real_set, model_mpp, device, real_mpp=DEFAULT_REAL_MPP,
                   overlay_dir=None, min_area_um2=150.0):
    """{mode: {"images": {name: metrics}, "mean": {precision, recall, f1, ap50}}} for both
    post-processing modes; the model is left in eval mode."""
    model.eval()
    per_mode = {mode: {} for mode in MODES}
    for name, image, reference in real_set:
        probabilities = predict_full_resolution(model, image, real_mpp, model_mpp, device)
        for mode in MODES:
            predicted = postprocess(probabilities, real_mpp, mode, min_area_um2)
            per_mode[mode][name] = compute_metrics(predicted, reference)
            if overlay_dir:
                os.makedirs(overlay_dir, exist_ok=True)
                overlay = draw_overlay(image, predicted, reference)
                Image.fromarray(overlay).save(os.path.join(overlay_dir, f"{name}.{mode}.overlay.png"))
    keys = ("precision", "recall", "f1", "ap50")
    return {mode: {"images": images,
                   "mean": {key: float(np.mean([m[key] for m in images.values()])) for key in keys}}
            for mode, images in per_mode.items()}


def main():
    from checkpoint import load_checkpoint

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--real-dir", default=DEFAULT_REAL_DIR)
    parser.add_argument("--real-mpp", type=float, default=DEFAULT_REAL_MPP)
    parser.add_argument("--model-mpp", type=float, default=None,
                        help="pixel size to run the model at (default: its training mpp)")
    parser.add_argument("--overlays", default=None, help="write <name>.<mode>.overlay.png here")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model, info = load_checkpoint(args.checkpoint, "cpu")
    result = evaluate_model(model, load_real_set(args.real_dir), args.model_mpp or info["mpp"],
                            "cpu", args.real_mpp, args.overlays)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
