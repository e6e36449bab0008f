"""Checkpoint files: the weights plus everything needed to run and describe the model."""

import os

import torch

from unet import UNet


def save_checkpoint(path, model, info):
    """info: mpp, normalization, training_data, epoch, metrics, args, ... (JSON-able)."""
    torch.save({"model": model.state_dict(), "config": model.config, "info": info}, path + ".tmp")
    # Rename, so that a crash mid-write never leaves a truncated best.pt behind.
    os.replace(path + ".tmp", path)


def load_checkpoint(path, device="cpu"):
    """(model in eval mode, info dict)."""
    data = torch.load(path, map_location=device)
    config = data["config"]
    model = UNet(base=config["base"], groups=config["groups"], in_channels=config["in_channels"],
                 num_classes=config["num_classes"]).to(device)
    model.load_state_dict(data["model"])
    model.eval()
    return model, data["info"]
