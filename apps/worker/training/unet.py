"""U-Net as the SYNTA paper used it (Mill et al. 2025, "U-Net specifications and training").

The original layout of Ronneberger, Fischer & Brox 2015 (four down and four up
levels, two 3x3 convolutions per level, skip connections by concatenation) with
the paper's two changes: Group Normalization (Wu & He 2018) after every
convolution, and bilinear upsampling instead of transposed convolutions in the
decoder. Convolutions are padded ("same"), so the output has the input's size;
height and width must be multiples of 16 (four 2x poolings).

With the default base of 16 channels (16-32-64-128-256) the network has about
2.0 M parameters: small enough for CPU inference with ONNX Runtime.
Outputs are logits of the classes background, fiber, boundary.
"""

import torch
from torch import nn
import torch.nn.functional as F

CLASSES = ["background", "fiber", "boundary"]

# Inputs are RGB in [0, 255]; the network sees (rgb * (1/255) - MEAN) / STD per channel, the
# convention of the worker's model contract (apps/worker/src/segmentation/README.md). A fixed
# normalization (not per image) keeps inference independent of the field of view.
INPUT_SCALE = 1.0 / 255.0
INPUT_MEAN = [0.5, 0.5, 0.5]
INPUT_STD = [0.25, 0.25, 0.25]


def input_normalization():
    """The normalization as recorded in checkpoints and ONNX metadata."""
    return {
        "scale": INPUT_SCALE,
        "mean": INPUT_MEAN,
        "std": INPUT_STD,
        "formula": "(pixel * scale - mean[c]) / std[c]",
        "layout": "NCHW",
        "channels": "RGB",
    }


def normalize_rgb(batch):
    """uint8 or float RGB in [0, 255], shape (N, 3, H, W) -> normalized float32."""
    mean = torch.tensor(INPUT_MEAN, dtype=torch.float32, device=batch.device).view(1, 3, 1, 1)
    std = torch.tensor(INPUT_STD, dtype=torch.float32, device=batch.device).view(1, 3, 1, 1)
    return (batch.float() * INPUT_SCALE - mean) / std


class DoubleConv(nn.Module):
    """(3x3 conv -> GroupNorm -> ReLU) x 2. No conv bias: GroupNorm's shift replaces it."""

    def __init__(self, in_channels, out_channels, groups):
        super().__init__()
        self.block = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False),
            nn.GroupNorm(min(groups, out_channels), out_channels),
            nn.ReLU(inplace=True),
            nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False),
            nn.GroupNorm(min(groups, out_channels), out_channels),
            nn.ReLU(inplace=True),
        )

    def forward(self, x):
        return self.block(x)


class UNet(nn.Module):
    def __init__(self, base=16, groups=8, in_channels=3, num_classes=3):
        super().__init__()
        if base % groups != 0:
            raise ValueError(f"base must be a multiple of groups ({groups}), got {base}")
        self.config = {"base": base, "groups": groups, "in_channels": in_channels,
                       "num_classes": num_classes, "depth": 4}
        c = [base * 2 ** i for i in range(5)]
        self.enc = nn.ModuleList([DoubleConv(in_channels, c[0], groups)] +
                                 [DoubleConv(c[i], c[i + 1], groups) for i in range(4)])
        # Decoder level i: upsampled c[i+1] concatenated with the skip c[i] -> c[i].
        self.dec = nn.ModuleList([DoubleConv(c[i + 1] + c[i], c[i], groups) for i in range(4)])
        self.head = nn.Conv2d(c[0], num_classes, 1)

    def forward(self, x):
        skips = []
        for level, block in enumerate(self.enc):
            if level > 0:
                x = F.max_pool2d(x, 2)
            x = block(x)
            skips.append(x)
        x = skips.pop()
        for level in reversed(range(4)):
            x = F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
            x = self.dec[level](torch.cat([skips[level], x], dim=1))
        return self.head(x)


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())


if __name__ == "__main__":
    net = UNet()
    print(f"UNet(base=16): {count_parameters(net):,} parameters")
