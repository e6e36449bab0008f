import { describe, expect, it } from "vitest";
import { evaluateSegmentation } from "./evaluate-segmentation.ts";
import { paintRect, twoSquaresThreePredictions } from "./fixtures.test-helpers.ts";

describe("evaluateSegmentation(pred, gt, options)", () => {
  it("reports pixel metrics and AP together", () => {
    const { pred, gt, width, height } = twoSquaresThreePredictions();
    const { pixel, instances } = evaluateSegmentation(pred, gt, { width, height });
    expect(pixel.f1).toBeCloseTo(56 / 68, 12);
    expect(instances.meanAveragePrecision).toBeCloseTo(0.425, 12);
  });

  it("with sparse ground truth counts pixels only on labelled objects and evaluated predictions", () => {
    // GT: A (1) x 0–3, y 0–3 only; the fiber at x 6–9 is not annotated.
    // Pred 10 = x 0–4, y 0–3 (20 px: 16 on A, 4 off) → evaluated; pred 20 = x 6–9, y 0–3 → 0 % labelled, ignored.
    // Counted pixels: A (16) + pred 10's 4 off-A pixels = 20. TP 16, FP 4, FN 0.
    const width = 10;
    const height = 4;
    const gt = new Uint16Array(width * height);
    paintRect(gt, width, { x0: 0, x1: 3, y0: 0, y1: 3 }, 1);
    const pred = new Uint16Array(width * height);
    paintRect(pred, width, { x0: 0, x1: 4, y0: 0, y1: 3 }, 10);
    paintRect(pred, width, { x0: 6, x1: 9, y0: 0, y1: 3 }, 20);
    const { pixel, instances } = evaluateSegmentation(pred, gt, { width, height, isSparse: true });
    expect(pixel).toMatchObject({
      truePositives: 16,
      falsePositives: 4,
      falseNegatives: 0,
      evaluatedPixels: 20,
    });
    expect(pixel.precision).toBeCloseTo(0.8, 12);
    // IoU of pred 10 with A = 16/20 = 0.8: TP at t ≤ 0.8 (7 thresholds), and a FP + FN above.
    expect(instances.falsePositives).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
  });
});
