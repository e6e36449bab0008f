"""Smoke test of the whole recipe, for CI (seconds, not minutes):

  1. a tiny synthetic dataset: `myoscope synth` (2 images of 256 px), or, where
     that command is missing, a few touching discs drawn here in the same files;
  2. `myoscope export` into 128 px tiles with weight maps; the exported weights
     must match weights.py's on-the-fly weights of the same image;
  3. train.py for a few steps (with the real-image evaluation);
  4. export_onnx.py, checked with onnx.checker and for its metadata;
  5. a fixed input and PyTorch's output (logits) saved as raw
     little-endian float32 (parity_input.bin, parity_output.bin), for the Node
     test test/integration/training-smoke.integration.test.ts to compare with
     onnxruntime-node.

  /usr/bin/python3 apps/worker/training/smoke_test.py --work DIR

Prints one JSON line on stdout describing the files; exits non-zero on failure.
"""

import os

# Before torch loads libgomp: idle OpenMP threads sleep instead of spinning. On a machine
# shared with other jobs, spinning threads made a 2-thread step over 10x slower.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "../../.."))
CLI = os.path.join(REPO, "apps/worker/bin/myoscope.js")
sys.path.insert(0, HERE)

from checkpoint import load_checkpoint  # noqa: E402
from unet import normalize_rgb  # noqa: E402
from weights import border_weight_map  # noqa: E402


def log(message):
    print(f"[smoke] {message}", file=sys.stderr, flush=True)


def run(command, **kwargs):
    log(" ".join(command))
    # Children's stdout goes to stderr: stdout carries only the final JSON line.
    subprocess.run(command, check=True, cwd=REPO, stdout=sys.stderr, **kwargs)


def has_synth_command():
    result = subprocess.run(["node", CLI, "--help"], cwd=REPO, capture_output=True, text=True)
    return result.returncode == 0 and "\n  synth " in result.stdout


def draw_disc_fixtures(out_dir, count=2, size=256, seed=1):
    """Touching discs in the synth file contract: RGB, 16-bit labels, classes, JSON."""
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:size, :size]
    for index in range(count):
        labels = np.zeros((size, size), np.uint16)
        label = 0
        for cy in range(20, size, 44):
            for cx in range(20 + (cy // 44 % 2) * 22, size, 44):
                label += 1
                radius = rng.uniform(19, 23)
                labels[(xx - cx) ** 2 + (yy - cy) ** 2 <= radius ** 2] = label
        eroded = np.zeros_like(labels)
        inner = labels[1:-1, 1:-1]
        same = ((labels[:-2, 1:-1] == inner) & (labels[2:, 1:-1] == inner)
                & (labels[1:-1, :-2] == inner) & (labels[1:-1, 2:] == inner))
        eroded[1:-1, 1:-1] = np.where(same, inner, 0)
        classes = np.where(labels > 0, np.where(eroded > 0, 1, 2), 0).astype(np.uint8)
        rgb = np.zeros((size, size, 3), np.uint8)
        rgb[:] = (240, 235, 240)
        rgb[classes == 1] = (215, 110, 160)
        rgb[classes == 2] = (170, 80, 130)
        noise = rng.normal(0, 6, rgb.shape)
        rgb = np.clip(rgb + noise, 0, 255).astype(np.uint8)
        name = f"discs-{seed}-{index:04d}"
        Image.fromarray(rgb).save(os.path.join(out_dir, f"{name}.png"))
        Image.fromarray(labels).save(os.path.join(out_dir, f"{name}.labels.png"))
        Image.fromarray(classes).save(os.path.join(out_dir, f"{name}.classes.png"))
        with open(os.path.join(out_dir, f"{name}.json"), "w", encoding="utf-8") as handle:
            json.dump({"name": name, "mpp": 0.8, "seed": seed * 1000 + index, "preset": "discs",
                       "fiberCount": int(label)}, handle)


def check_exported_weights(export_dir):
    """The exporter's weights (TypeScript) against weights.py on the same source image."""
    manifest = json.load(open(os.path.join(export_dir, "manifest.json"), encoding="utf-8"))
    source = manifest["sources"][0]
    labels = np.asarray(Image.open(os.path.join(source["dir"], f"{source['name']}.labels.png")))
    classes = np.asarray(Image.open(os.path.join(source["dir"], f"{source['name']}.classes.png")))
    if classes.ndim == 3:
        classes = classes[..., 0]
    expected = border_weight_map(labels.astype(np.int32), classes)
    scale = manifest["weights"]["scale"]
    worst = 0.0
    for tile in manifest["tiles"][source["split"]]:
        if tile["source"] != source["id"]:
            continue
        stored = np.asarray(Image.open(os.path.join(export_dir, source["split"], "weights", tile["file"])))
        window = expected[tile["y"]:tile["y"] + tile["height"], tile["x"]:tile["x"] + tile["width"]]
        worst = max(worst, float(np.abs(stored.astype(np.float64) / scale - window).max()))
    # Quantization (0.005) plus the dropped terms below the cutoff (0.01).
    if worst > 0.02:
        raise AssertionError(f"exported weights differ from weights.py by {worst}")
    log(f"exported weight maps match weights.py within {worst:.4f}")
    return worst


def main(argv=None):
    parser = argparse.ArgumentParser(description="Smoke test of synth -> export -> train -> ONNX.")
    parser.add_argument("--work", default=None, help="working folder (default: a new temp folder)")
    parser.add_argument("--steps", type=int, default=3)
    args = parser.parse_args(argv)
    work = args.work or tempfile.mkdtemp(prefix="myoscope-training-smoke-")
    os.makedirs(work, exist_ok=True)
    torch.set_num_threads(2)
    start = time.time()

    synth_dir = os.path.join(work, "synth")
    source_kind = "myoscope synth"
    if has_synth_command():
        try:
            run(["node", CLI, "synth", "--preset", "he-ffpe", "--count", "2", "--size", "256",
                 "--seed", "1", "--threads", "1", "--out", synth_dir])
        except subprocess.CalledProcessError as error:
            # The generator has its own tests; this one is about the training recipe.
            log(f"WARNING: myoscope synth failed ({error}); drawing disc fixtures instead")
            source_kind = "disc fixtures (myoscope synth failed)"
    else:
        log("myoscope synth is not available: drawing disc fixtures instead")
        source_kind = "disc fixtures"
    if source_kind != "myoscope synth":
        shutil.rmtree(synth_dir, ignore_errors=True)
        draw_disc_fixtures(synth_dir)
    export_dir = os.path.join(work, "export")
    run(["node", CLI, "export", "--from", synth_dir, "--out", export_dir, "--tile", "128",
         "--val-fraction", "0.5", "--weights", "--seed", "1"])
    weight_error = check_exported_weights(export_dir)

    run_dir = os.path.join(work, "run")
    run([sys.executable, os.path.join(HERE, "train.py"), "--data", export_dir, "--out", run_dir,
         "--epochs", "1", "--steps-per-epoch", str(args.steps), "--batch-size", "2",
         "--crop", "64", "--val-tiles", "2", "--threads", "2"])
    log_lines = open(os.path.join(run_dir, "log.jsonl"), encoding="utf-8").read().splitlines()
    record = json.loads(log_lines[-1])
    if not np.isfinite(record["train_loss"]) or "real" not in record:
        raise AssertionError(f"unexpected training log: {record}")

    model_path = os.path.join(work, "model.onnx")
    run([sys.executable, os.path.join(HERE, "export_onnx.py"), "--checkpoint",
         os.path.join(run_dir, "best.pt"), "--out", model_path, "--model-version", "smoke"])
    proto = onnx.load(model_path)
    onnx.checker.check_model(proto)
    metadata = {entry.key: entry.value for entry in proto.metadata_props}
    required = ["classes", "input_normalization", "mpp", "tile_size", "tile_overlap",
                "training_data", "git_commit", "myoscope_model_version"]
    missing = [key for key in required if key not in metadata]
    if missing or json.loads(metadata["classes"]) != ["background", "fiber", "boundary"]:
        raise AssertionError(f"ONNX metadata incomplete: missing {missing}")

    # A real synthetic crop, 64 x 96 (multiples of 16, not square, to exercise dynamic H/W).
    tile = json.load(open(os.path.join(export_dir, "manifest.json"), encoding="utf-8"))["tiles"]["train"][0]
    rgb = np.asarray(Image.open(os.path.join(export_dir, "train", "images", tile["file"])).convert("RGB"))
    crop = np.ascontiguousarray(rgb[:64, :96].transpose(2, 0, 1))[None]
    model, _ = load_checkpoint(os.path.join(run_dir, "best.pt"))
    inputs = normalize_rgb(torch.from_numpy(crop))
    with torch.no_grad():
        outputs = model(inputs)
    input_path = os.path.join(work, "parity_input.bin")
    output_path = os.path.join(work, "parity_output.bin")
    inputs.numpy().astype("<f4").tofile(input_path)
    outputs.numpy().astype("<f4").tofile(output_path)

    summary = {"work": work, "model": model_path, "input": input_path, "output": output_path,
               "input_shape": list(inputs.shape), "output_shape": list(outputs.shape),
               "metadata": metadata, "source": source_kind, "train_loss": record["train_loss"],
               "seconds_per_step": record["seconds_per_step"], "weight_max_error": weight_error,
               "seconds": round(time.time() - start, 1)}
    print(json.dumps(summary))
    log(f"done in {summary['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
