"""The U-Net border weight map, computed in Python for on-the-fly training.

w(x) = w_c(x) + w0 * exp(-(d1(x) + d2(x))^2 / (2 sigma^2))   (Ronneberger et al. 2015, eq. 2)

Same definition and defaults as the exporter's `computeBorderWeightMap`
(packages/core/src/training-export/compute-border-weight-map.ts): SYNTA's
w0 = 400, sigma = 5 px, fiber weight 50, background weight 10 (Mill et al. 2025,
"U-Net specifications and training"); boundary pixels weigh as fibers. With a
class mask, the border term applies to background and boundary pixels (the
synthetic boundary band lies inside the fibers); d1, d2 are the Euclidean
distances to the nearest and second-nearest fiber. Each fiber only matters
within R = sigma * sqrt(2 ln(w0 / cutoff)) of its bounding box, so distances are
computed per fiber in that window.
"""

import math

import numpy as np
from scipy import ndimage

DEFAULTS = {"w0": 400.0, "sigma": 5.0, "fiber_weight": 50.0, "background_weight": 10.0,
            "boundary_weight": None, "cutoff": 0.01}


def border_weight_map(labels, classes=None, w0=400.0, sigma=5.0, fiber_weight=50.0,
                      background_weight=10.0, boundary_weight=None, cutoff=0.01):
    """float32 weights of shape labels.shape (labels: int array, 0 = not fiber)."""
    labels = np.asarray(labels)
    if boundary_weight is None:
        boundary_weight = fiber_weight
    cls = (labels > 0).astype(np.uint8) if classes is None else np.asarray(classes)
    weights = np.full(labels.shape, background_weight, dtype=np.float32)
    weights[cls == 1] = fiber_weight
    weights[cls == 2] = boundary_weight
    if w0 <= cutoff:
        return weights
    reach = sigma * math.sqrt(2.0 * math.log(w0 / cutoff))
    margin = int(math.ceil(reach))
    height, width = labels.shape
    d1 = np.full(labels.shape, np.inf, dtype=np.float32)
    d2 = np.full(labels.shape, np.inf, dtype=np.float32)
    count = 0
    for label, box in enumerate(ndimage.find_objects(labels.astype(np.int32)), start=1):
        if box is None:
            continue
        count += 1
        y0 = max(0, box[0].start - margin)
        y1 = min(height, box[0].stop + margin)
        x0 = max(0, box[1].start - margin)
        x1 = min(width, box[1].stop + margin)
        window = (slice(y0, y1), slice(x0, x1))
        distance = ndimage.distance_transform_edt(labels[window] != label).astype(np.float32)
        distance[distance > reach] = np.inf
        near1 = d1[window]
        near2 = d2[window]
        closer = distance < near1
        near2[...] = np.where(closer, near1, np.minimum(near2, distance))
        near1[...] = np.minimum(near1, distance)
    if count < 2:
        return weights
    total = d1 + d2
    gap = (cls != 1) & (total <= reach)
    weights[gap] += (w0 * np.exp(-(total[gap] ** 2) / (2.0 * sigma * sigma))).astype(np.float32)
    return weights
