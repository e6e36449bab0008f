"""Train the SYNTA U-Net on a `myoscope export` directory.

  npm run train -- --data OUT --out runs/synth-v1
  /usr/bin/python3 apps/worker/training/train.py --data OUT --out runs/synth-v1 [options]

Recipe (Mill et al. 2025, "U-Net specifications and training", unless noted):
weighted cross-entropy with the U-Net border weight map (w0 = 400, sigma = 5 px,
fibers x50, background x10), Adam with an initial learning rate of 1e-3 and
exponential decay per epoch, 150 iterations per epoch (the paper: 120 epochs of
batch 1 with 400 px patches; here batch 4 of 256 px crops by default, which is
cheaper per pixel on CPUs), augmentation as in dataset.py. After each epoch the
model segments the real validation images and the best checkpoint by AP@0.5
(ties: F1) is kept as best.pt; real images are never trained on. Both
post-processing modes of evaluate_real.py are logged; selection uses
--select-by (default "threshold": the platform's fiber threshold of 210/255).

Writes into --out: log.jsonl (one JSON line per epoch), last.pt, best.pt,
best.json, and overlays of the best epoch under overlays/.
"""

import os

# Before torch loads libgomp: idle OpenMP threads sleep instead of spinning. On a machine
# shared with other jobs, spinning threads made a 2-thread step over 10x slower.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from checkpoint import save_checkpoint
from dataset import TrainingSamples, load_manifest
from evaluate_real import DEFAULT_REAL_DIR, DEFAULT_REAL_MPP, MODES, evaluate_model, load_real_set
from unet import CLASSES, UNet, count_parameters, input_normalization, normalize_rgb


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Train the SYNTA U-Net on a myoscope export.")
    p.add_argument("--data", required=True, help="export directory (manifest.json)")
    p.add_argument("--out", required=True, help="run directory for logs and checkpoints")
    p.add_argument("--epochs", type=int, default=120)
    p.add_argument("--steps-per-epoch", type=int, default=150)
    p.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (0: no limit)")
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--crop", type=int, default=256, help="crop size in px, a multiple of 16")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--lr-gamma", type=float, default=0.97, help="learning-rate factor per epoch")
    p.add_argument("--base", type=int, default=16, help="U-Net base channels (16: ~2M params)")
    p.add_argument("--groups", type=int, default=8, help="GroupNorm groups")
    p.add_argument("--target-mpp", type=float, default=None,
                   help="training pixel size in um/px (default: mean of the export's sources)")
    p.add_argument("--scale-jitter", type=float, default=0.25,
                   help="random rescaling by a factor in [1/(1+j), 1+j] around the training mpp")
    p.add_argument("--colour-strength", type=float, default=1.0, help="0 disables colour augmentation")
    p.add_argument("--weights", choices=["on-the-fly", "export"], default="on-the-fly",
                   help="border weight maps: computed after augmentation, or read from the export")
    p.add_argument("--w0", type=float, default=400.0)
    p.add_argument("--sigma", type=float, default=5.0)
    p.add_argument("--fiber-weight", type=float, default=50.0)
    p.add_argument("--background-weight", type=float, default=10.0)
    p.add_argument("--val-tiles", type=int, default=32, help="synthetic validation crops per epoch")
    p.add_argument("--real-dir", default=DEFAULT_REAL_DIR, help="real images for model selection")
    p.add_argument("--real-mpp", type=float, default=DEFAULT_REAL_MPP)
    p.add_argument("--no-real-eval", action="store_true", help="select by synthetic val loss instead")
    p.add_argument("--select-by", choices=MODES, default="threshold",
                   help="post-processing whose real-image AP@0.5 selects the best epoch")
    p.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    p.add_argument("--workers", type=int, default=0, help="data-loading processes")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:1, ...")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--resume", action="store_true", help="continue from OUT/last.pt")
    return p.parse_args(argv)


def format_duration(seconds):
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """One status line on stderr (rewritten in place on a terminal, every 10 s otherwise)."""

    def __init__(self, total_steps):
        self.total = total_steps
        self.start = time.time()
        self.last = 0.0
        self.tty = sys.stderr.isatty()

    def update(self, step, epoch, epochs, epoch_step, steps_per_epoch, loss, done_in_run):
        now = time.time()
        if now - self.last < (0.5 if self.tty else 10.0) and step < self.total:
            return
        self.last = now
        rate = done_in_run / max(1e-9, now - self.start)
        eta = (self.total - step) / rate if rate > 0 else float("inf")
        eta_text = format_duration(eta) if math.isfinite(eta) else "?"
        line = (f"epoch {epoch + 1}/{epochs}  step {epoch_step}/{steps_per_epoch}  "
                f"total {step}/{self.total}  loss {loss:.4f}  {rate:.2f} it/s  ETA {eta_text}")
        sys.stderr.write(("\r" + line + "\x1b[K") if self.tty else line + "\n")
        sys.stderr.flush()

    def newline(self):
        if self.tty:
            sys.stderr.write("\n")


def weighted_cross_entropy(logits, target, weights):
    """sum(w * CE) / sum(w): a weighted mean, so the loss scale does not depend on w0."""
    per_pixel = F.cross_entropy(logits, target, reduction="none")
    return (per_pixel * weights).sum() / weights.sum().clamp_min(1e-6)


def evaluate_synthetic(model, samples, device, batch_size):
    """Weighted loss and pixel accuracy / fiber F1 on the export's validation split."""
    model.eval()
    loss_sum, weight_sum, correct, total = 0.0, 0.0, 0, 0
    tp = fp = fn = 0
    with torch.no_grad():
        for start in range(0, len(samples), batch_size):
            items = [samples[i] for i in range(start, min(len(samples), start + batch_size))]
            images, target, weights = (torch.from_numpy(np.stack(x)).to(device) for x in zip(*items))
            logits = model(normalize_rgb(images))
            per_pixel = F.cross_entropy(logits, target, reduction="none")
            loss_sum += float((per_pixel * weights).sum())
            weight_sum += float(weights.sum())
            valid = weights > 0
            predicted = logits.argmax(dim=1)
            correct += int(((predicted == target) & valid).sum())
            total += int(valid.sum())
            pred_fg = (predicted > 0) & valid
            true_fg = (target > 0) & valid
            tp += int((pred_fg & true_fg).sum())
            fp += int((pred_fg & ~true_fg).sum())
            fn += int((~pred_fg & true_fg).sum())
    return {"loss": loss_sum / max(weight_sum, 1e-6), "pixel_accuracy": correct / max(total, 1),
            "fiber_f1": 2 * tp / max(1, 2 * tp + fp + fn)}


def describe_training_data(manifest, data_dir):
    return {"export": os.path.basename(os.path.abspath(data_dir)), "version": manifest.get("datasetVersion"),
            "seed": manifest.get("seed"), "presets": manifest.get("presets"),
            "sources": len(manifest.get("sources", [])),
            "tiles": {split: len(manifest["tiles"][split]) for split in ("train", "val")}}


def selection_score(real, select_by):
    """Compared lexicographically: AP@0.5 then F1 of the chosen post-processing, then those of
    the other one (so that epochs still rank while no fiber reaches the platform threshold)."""
    other = next(mode for mode in MODES if mode != select_by)
    first, second = real[select_by]["mean"], real[other]["mean"]
    return [first["ap50"], first["f1"], second["ap50"], second["f1"]]


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available()
                          else ("cpu" if args.device == "auto" else args.device))
    os.makedirs(args.out, exist_ok=True)
    manifest = load_manifest(args.data)
    target_mpp = float(args.target_mpp or manifest["mpp"]["mean"])
    weight_options = {"w0": args.w0, "sigma": args.sigma, "fiber_weight": args.fiber_weight,
                      "background_weight": args.background_weight}
    common = dict(crop=args.crop, target_mpp=target_mpp, weights=args.weights,
                  weight_options=weight_options, seed=args.seed)
    train_samples = TrainingSamples(args.data, "train", scale_jitter=args.scale_jitter,
                                    colour_strength=args.colour_strength,
                                    length=args.steps_per_epoch * args.batch_size, **common)
    val_samples = None
    if manifest["tiles"]["val"]:
        val_samples = TrainingSamples(args.data, "val", augment=False,
                                      length=min(args.val_tiles, 4 * len(manifest["tiles"]["val"])),
                                      **common)
    loader = torch.utils.data.DataLoader(train_samples, batch_size=args.batch_size, shuffle=False,
                                         num_workers=args.workers, drop_last=True,
                                         persistent_workers=False)
    real_set = None if args.no_real_eval else load_real_set(args.real_dir)

    model = UNet(base=args.base, groups=args.groups).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=args.lr_gamma)
    start_epoch, step, best = 0, 0, None
    last_path = os.path.join(args.out, "last.pt")
    if args.resume and os.path.exists(last_path):
        state = torch.load(last_path, map_location=device)
        model.load_state_dict(state["model"])
        resume = state["info"]["resume"]
        optimizer.load_state_dict(resume["optimizer"])
        scheduler.load_state_dict(resume["scheduler"])
        start_epoch, step, best = state["info"]["epoch"] + 1, state["info"]["step"], resume["best"]

    info_base = {"mpp": target_mpp, "normalization": input_normalization(), "classes": CLASSES,
                 "training_data": describe_training_data(manifest, args.data),
                 "recipe": {k: v for k, v in vars(args).items() if k not in ("resume",)}}
    total_steps = args.epochs * args.steps_per_epoch
    if args.max_steps:
        total_steps = min(total_steps, args.max_steps)
    print(f"U-Net base {args.base}: {count_parameters(model):,} parameters on {device}; "
          f"{len(train_samples.tiles)} train tiles, training at {target_mpp:.4f} um/px; "
          f"{total_steps} steps of batch {args.batch_size}x{args.crop}^2", file=sys.stderr)
    progress = Progress(total_steps)
    log_path = os.path.join(args.out, "log.jsonl")
    steps_this_run = 0

    for epoch in range(start_epoch, args.epochs):
        if step >= total_steps:
            break
        model.train()
        train_samples.set_epoch(epoch)
        epoch_start = time.time()
        losses = []
        data_seconds = 0.0
        waited_from = time.time()
        for epoch_step, (images, target, weights) in enumerate(loader, start=1):
            data_seconds += time.time() - waited_from
            images, target, weights = images.to(device), target.to(device), weights.to(device)
            loss = weighted_cross_entropy(model(normalize_rgb(images)), target, weights)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            losses.append(float(loss))
            step += 1
            steps_this_run += 1
            progress.update(step, epoch, args.epochs, epoch_step, args.steps_per_epoch,
                            float(np.mean(losses[-20:])), steps_this_run)
            if step >= total_steps:
                break
            waited_from = time.time()
        progress.newline()
        train_seconds = time.time() - epoch_start
        scheduler.step()
        record = {"epoch": epoch + 1, "step": step, "train_loss": float(np.mean(losses)),
                  "lr": optimizer.param_groups[0]["lr"], "seconds": round(train_seconds, 2),
                  "seconds_per_step": round(train_seconds / max(1, len(losses)), 4),
                  # Time spent waiting for batches: raise --workers when this is a large share.
                  "data_seconds": round(data_seconds, 2)}
        if val_samples is not None:
            record["val"] = evaluate_synthetic(model, val_samples, device, args.batch_size)
        if real_set is not None:
            real = evaluate_model(model, real_set, target_mpp, device, args.real_mpp)
            record["real"] = real
            score = selection_score(real, args.select_by)
        else:
            score = [-record.get("val", {"loss": record["train_loss"]})["loss"]]
        is_best = best is None or score > list(best["score"])
        if is_best:
            best = {"score": score, "epoch": epoch + 1, "metrics": record}
        record["best_epoch"] = best["epoch"]
        info = dict(info_base, epoch=epoch, step=step, metrics=record)
        if is_best:
            save_checkpoint(os.path.join(args.out, "best.pt"), model, info)
            with open(os.path.join(args.out, "best.json"), "w", encoding="utf-8") as handle:
                json.dump(best, handle, indent=2)
            if real_set is not None:
                evaluate_model(model, real_set, target_mpp, device, args.real_mpp,
                               overlay_dir=os.path.join(args.out, "overlays"))
        resume = {"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "best": best}
        save_checkpoint(last_path, model, dict(info, resume=resume))
        with open(log_path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
        summary = f"epoch {epoch + 1}: loss {record['train_loss']:.4f}"
        if "val" in record:
            summary += f", synth val loss {record['val']['loss']:.4f} F1 {record['val']['fiber_f1']:.3f}"
        if "real" in record:
            for mode in MODES:
                mean = record["real"][mode]["mean"]
                summary += f", real[{mode}] F1 {mean['f1']:.3f} AP50 {mean['ap50']:.3f}"
        summary += f" (best epoch {best['epoch']}, {record['seconds_per_step']:.2f} s/step)"
        print(summary, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
