/**
 * @module synthesis/compute-boundary-classes
 */

/**
 * The paper's 3-class mask: 0 not fiber, 1 fiber, 2 boundary = fiber pixels with a pixel of
 * another label or of background within Chebyshev distance `width` (so the band covers both
 * sides of a contact line between touching fibers). The image border is not a boundary.
 *
 * A pixel is interior iff its (2·width+1)² window, clipped to the image, holds one label. Rows
 * are checked through runs of equal labels, then columns through runs of row-uniform values:
 * O(1) per pixel whatever the width.
 */
export function computeBoundaryClasses(
  labels: Uint16Array,
  imageWidth: number,
  imageHeight: number,
  width: number,
): Uint8Array {
  const n = imageWidth * imageHeight;
  const MIXED = 65535;
  // rowUniform[i]: the label if the clipped horizontal window at i holds only that label.
  const rowUniform = new Uint16Array(n);
  for (let y = 0; y < imageHeight; y++) {
    const row = y * imageWidth;
    let runStart = 0;
    while (runStart < imageWidth) {
      const l = labels[row + runStart] ?? 0;
      let runEnd = runStart;
      while (runEnd + 1 < imageWidth && labels[row + runEnd + 1] === l) runEnd++;
      for (let x = runStart; x <= runEnd; x++) {
        const ok =
          Math.max(0, x - width) >= runStart && Math.min(imageWidth - 1, x + width) <= runEnd;
        rowUniform[row + x] = ok ? l : MIXED;
      }
      runStart = runEnd + 1;
    }
  }
  const classes = new Uint8Array(n);
  // Column runs of equal rowUniform values, tracked per column while sweeping rows.
  const runStartY = new Int32Array(imageWidth);
  for (let y = 0; y < imageHeight; y++) {
    const row = y * imageWidth;
    for (let x = 0; x < imageWidth; x++) {
      if (y > 0 && rowUniform[row + x] !== rowUniform[row - imageWidth + x]) runStartY[x] = y;
    }
    // Rows whose clipped vertical window ends at y can be decided now.
    const last = y === imageHeight - 1 ? y : y - width;
    for (let t = Math.max(0, y - width); t <= last; t++) {
      const top = Math.max(0, t - width);
      const trow = t * imageWidth;
      for (let x = 0; x < imageWidth; x++) {
        const l = labels[trow + x] ?? 0;
        if (l === 0) continue;
        const uniform = rowUniform[trow + x] === l && (runStartY[x] ?? 0) <= top;
        classes[trow + x] = uniform ? 1 : 2;
      }
    }
  }
  return classes;
}
