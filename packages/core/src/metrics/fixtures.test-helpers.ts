/**
 * @module metrics/fixtures.test-helpers
 * Constructed label images shared by the metric tests.
 */

/** Writes `label` into the rectangle [x0, x1] × [y0, y1] (inclusive). */
export function paintRect(
  labels: Uint16Array | Int32Array,
  width: number,
  rect: { x0: number; x1: number; y0: number; y1: number },
  label: number,
): void {
  for (let y = rect.y0; y <= rect.y1; y++)
    for (let x = rect.x0; x <= rect.x1; x++) labels[y * width + x] = label;
}

/**
 * 10×10: two ground-truth squares A (label 1, x 0–3, y 0–3, 16 px) and B
 * (label 2, x 6–9, y 6–9, 16 px); three predictions:
 * - 5: x 0–3, y 0–2 (12 px) inside A → IoU 12/16 = 0.75;
 * - 7: x 6–9, y 5–9 (20 px) ⊃ B → IoU 16/20 = 0.80;
 * - 9: x 4–5, y 0–1 (4 px) on nothing → always a false positive.
 */
export function twoSquaresThreePredictions(): {
  pred: Uint16Array;
  gt: Uint16Array;
  width: number;
  height: number;
} {
  const width = 10;
  const height = 10;
  const gt = new Uint16Array(width * height);
  paintRect(gt, width, { x0: 0, x1: 3, y0: 0, y1: 3 }, 1);
  paintRect(gt, width, { x0: 6, x1: 9, y0: 6, y1: 9 }, 2);
  const pred = new Uint16Array(width * height);
  paintRect(pred, width, { x0: 0, x1: 3, y0: 0, y1: 2 }, 5);
  paintRect(pred, width, { x0: 6, x1: 9, y0: 5, y1: 9 }, 7);
  paintRect(pred, width, { x0: 4, x1: 5, y0: 0, y1: 1 }, 9);
  return { pred, gt, width, height };
}
