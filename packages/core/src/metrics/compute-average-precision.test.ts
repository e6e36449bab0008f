import { describe, expect, it } from "vitest";
import { computeAveragePrecision, DEFAULT_IOU_THRESHOLDS } from "./compute-average-precision.ts";
import { paintRect, twoSquaresThreePredictions } from "./fixtures.test-helpers.ts";

describe("computeAveragePrecision(pred, gt, options)", () => {
  it("uses the thresholds 0.50, 0.55, …, 0.95 by default", () => {
    expect(DEFAULT_IOU_THRESHOLDS).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]);
  });

  it("computes TP / (TP + FP + FN) per threshold for two squares and three predictions", () => {
    // IoUs 0.75 (pred 5 – A) and 0.80 (pred 7 – B); pred 9 overlaps nothing.
    // t ≤ 0.75: TP 2, FP 1, FN 0 → 2/3.  t = 0.80: TP 1, FP 2, FN 1 → 1/4.  t ≥ 0.85: TP 0, FP 3, FN 2 → 0.
    // mean = (6 · 2/3 + 1/4) / 10 = 0.425.
    const { pred, gt, width, height } = twoSquaresThreePredictions();
    const result = computeAveragePrecision(pred, gt, { width, height });
    expect(result.truePositives).toEqual([2, 2, 2, 2, 2, 2, 1, 0, 0, 0]);
    expect(result.falsePositives).toEqual([1, 1, 1, 1, 1, 1, 2, 3, 3, 3]);
    expect(result.falseNegatives).toEqual([0, 0, 0, 0, 0, 0, 1, 2, 2, 2]);
    const twoThirds = 2 / 3;
    expect(result.averagePrecision).toEqual([
      twoThirds,
      twoThirds,
      twoThirds,
      twoThirds,
      twoThirds,
      twoThirds,
      0.25,
      0,
      0,
      0,
    ]);
    expect(result.meanAveragePrecision).toBeCloseTo(0.425, 12);
    expect(result).toMatchObject({ predCount: 3, gtCount: 2, evaluatedPredCount: 3 });
  });

  it("scores a mask against itself 1 at every threshold", () => {
    const { gt, width, height } = twoSquaresThreePredictions();
    const result = computeAveragePrecision(gt, gt, { width, height });
    expect(result.averagePrecision).toEqual(new Array(10).fill(1));
    expect(result.meanAveragePrecision).toBe(1);
  });

  it("with sparse ground truth counts only predictions lying mostly on labelled objects", () => {
    // 12×6. GT: A (1) x 0–3, y 0–3 and C (2) x 6–9, y 0–3, 16 px each; other fibers unlabelled.
    // Q (10) = A exactly → IoU 1.
    // R (20) = x 6–8 at y 3 (3 px on C) + x 6–7 at y 4 (2 px off): 3/5 = 60 % labelled → evaluated;
    //   IoU with C = 3 / (16 + 5 − 3) = 1/6 → unmatched → a false positive.
    // S (30) = (9,2), (9,3) on C + (10,2), (10,3), (11,3) off: 2/5 = 40 % labelled → ignored.
    const width = 12;
    const height = 6;
    const gt = new Uint16Array(width * height);
    paintRect(gt, width, { x0: 0, x1: 3, y0: 0, y1: 3 }, 1);
    paintRect(gt, width, { x0: 6, x1: 9, y0: 0, y1: 3 }, 2);
    const pred = new Uint16Array(width * height);
    paintRect(pred, width, { x0: 0, x1: 3, y0: 0, y1: 3 }, 10);
    paintRect(pred, width, { x0: 6, x1: 8, y0: 3, y1: 3 }, 20);
    paintRect(pred, width, { x0: 6, x1: 7, y0: 4, y1: 4 }, 20);
    paintRect(pred, width, { x0: 9, x1: 10, y0: 2, y1: 3 }, 30);
    paintRect(pred, width, { x0: 11, x1: 11, y0: 3, y1: 3 }, 30);

    // Sparse: TP 1 (Q–A), FP 1 (R), FN 1 (C) at every threshold → 1/3.
    const sparse = computeAveragePrecision(pred, gt, { width, height, isSparse: true });
    expect(sparse.evaluatedPredCount).toBe(2);
    expect(new Set(sparse.falsePositives)).toEqual(new Set([1]));
    expect(sparse.meanAveragePrecision).toBeCloseTo(1 / 3, 12);
    // Dense: S is a false positive too → 1 / (1 + 2 + 1) = 1/4.
    const dense = computeAveragePrecision(pred, gt, { width, height });
    expect(dense.meanAveragePrecision).toBeCloseTo(1 / 4, 12);
  });

  it("scores two images without objects 1, and predictions of an empty truth 0", () => {
    const empty = new Uint8Array(4);
    expect(
      computeAveragePrecision(empty, empty, { width: 2, height: 2 }).meanAveragePrecision,
    ).toBe(1);
    const stray = Uint8Array.from([0, 3, 0, 0]);
    expect(
      computeAveragePrecision(stray, empty, { width: 2, height: 2 }).meanAveragePrecision,
    ).toBe(0);
  });
});
