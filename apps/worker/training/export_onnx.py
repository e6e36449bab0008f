"""Export a checkpoint to ONNX for Myoscope's inference (onnxruntime-node).

  /usr/bin/python3 apps/worker/training/export_onnx.py --checkpoint runs/x/best.pt --out model.onnx

Graph: input "input" float32 (N, 3, H, W), normalized as metadata
`input_normalization` says (H and W multiples of 16); output "logits" float32
(N, 3, H, W) for the classes background, fiber, boundary. The consumer applies
the softmax (the worker's contract, apps/worker/src/segmentation/README.md).
Opset 17, dynamic N, H and W. The model's `metadata_props` carry what a
consumer needs: classes, input_normalization, mpp (the training pixel size in
um/px: resample inputs to it), tile_size and tile_overlap to use, output,
training_data (export version, seed, presets), git_commit,
myoscope_model_version, architecture and selection metrics.
The file is verified with onnx.checker before it is written in place.
"""

import os

# Before torch loads libgomp: idle OpenMP threads sleep instead of spinning. On a machine
# shared with other jobs, spinning threads made a 2-thread step over 10x slower.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import subprocess
import sys
import warnings

import onnx
import torch
from checkpoint import load_checkpoint
from unet import CLASSES

HERE = os.path.dirname(os.path.abspath(__file__))


def read_git_commit():
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=HERE, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "."], cwd=HERE,
                               capture_output=True, text=True, check=True).stdout.strip()
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def build_metadata(info, config, args):
    metrics = info.get("metrics") or {}
    real = {mode: result["mean"] for mode, result in (metrics.get("real") or {}).items()}
    return {
        "classes": json.dumps(CLASSES),
        "input_normalization": json.dumps(info["normalization"]),
        "output": json.dumps({"name": "logits", "activation": "none (apply softmax over axis 1)",
                              "layout": "NCHW", "classes": CLASSES}),
        "mpp": repr(float(info["mpp"])),
        "tile_size": str(args.tile_size),
        "tile_overlap": str(args.tile_overlap),
        "training_data": json.dumps(info.get("training_data") or {}),
        "git_commit": args.git_commit or read_git_commit(),
        "myoscope_model_version": args.model_version,
        "architecture": json.dumps(dict(config, name="unet", norm="groupnorm", upsampling="bilinear")),
        "selection": json.dumps({"epoch": metrics.get("epoch"),
                                 "select_by": (info.get("recipe") or {}).get("select_by"),
                                 "real_mean": real or None}),
    }


def export(checkpoint_path, out_path, args):
    model, info = load_checkpoint(checkpoint_path, "cpu")
    config = model.config
    dummy = torch.zeros(1, 3, args.tile_size, args.tile_size)
    temporary = out_path + ".tmp"
    # torch 1.13 warns about prim::Constant shape inference on every export; harmless here.
    warnings.filterwarnings("ignore", message="The shape inference of prim::Constant")
    torch.onnx.export(
        model, dummy, temporary, opset_version=17, input_names=["input"],
        output_names=["logits"], do_constant_folding=True,
        dynamic_axes={"input": {0: "N", 2: "H", 3: "W"}, "logits": {0: "N", 2: "H", 3: "W"}},
    )
    proto = onnx.load(temporary)
    del proto.metadata_props[:]
    for key, value in build_metadata(info, config, args).items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    proto.doc_string = "Myoscope fiber segmentation U-Net (SYNTA recipe), trained on synthetic images only"
    onnx.checker.check_model(proto, full_check=True)
    onnx.save(proto, temporary)
    os.replace(temporary, out_path)
    return proto


def main(argv=None):
    parser = argparse.ArgumentParser(description="Export a training checkpoint to ONNX.")
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--tile-size", type=int, default=512,
                        help="tile edge the inference should use (multiple of 16)")
    parser.add_argument("--tile-overlap", type=int, default=64)
    parser.add_argument("--model-version", default="0.1.0")
    parser.add_argument("--git-commit", default=None, help="default: git rev-parse HEAD")
    args = parser.parse_args(argv)
    if args.tile_size % 16 != 0:
        parser.error(f"--tile-size must be a multiple of 16, got {args.tile_size}")
    proto = export(args.checkpoint, args.out, args)
    meta = {entry.key: entry.value for entry in proto.metadata_props}
    size = os.path.getsize(args.out)
    print(f"wrote {args.out} ({size / 1e6:.1f} MB, opset 17, mpp {meta['mpp']}, "
          f"commit {meta['git_commit']})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    torch.set_num_threads(2)
    sys.exit(main())
