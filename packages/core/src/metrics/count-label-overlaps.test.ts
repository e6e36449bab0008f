import { describe, expect, it } from "vitest";
import { countLabelOverlaps } from "./count-label-overlaps.ts";
import { twoSquaresThreePredictions } from "./fixtures.test-helpers.ts";

describe("countLabelOverlaps(pred, gt, size)", () => {
  it("stores areas and only the overlapping pairs with their IoU", () => {
    const { pred, gt, width, height } = twoSquaresThreePredictions();
    const overlaps = countLabelOverlaps(pred, gt, { width, height });
    expect(overlaps.predLabels).toEqual([5, 9, 7]);
    expect(Array.from(overlaps.predAreas)).toEqual([12, 4, 20]);
    expect(overlaps.gtLabels).toEqual([1, 2]);
    expect(Array.from(overlaps.gtAreas)).toEqual([16, 16]);
    const pairs = Array.from(overlaps.pairIou, (iou, k) => [
      overlaps.predLabels[overlaps.pairPred[k] as number],
      overlaps.gtLabels[overlaps.pairGt[k] as number],
      overlaps.pairIntersection[k],
      iou,
    ]);
    expect(pairs).toEqual([
      [5, 1, 12, 12 / 16],
      [7, 2, 16, 16 / 20],
    ]);
  });

  it("handles label values beyond the lookup table (large int32 labels)", () => {
    const pred = Int32Array.from([2_000_000_000, 2_000_000_000, 0, 5]);
    const gt = Int32Array.from([1_500_000_000, 0, 0, 5]);
    const overlaps = countLabelOverlaps(pred, gt, { width: 2, height: 2 });
    expect(overlaps.predLabels).toEqual([2_000_000_000, 5]);
    // Pair (2e9, 1.5e9): 1 shared pixel, union 2 + 1 − 1 = 2 → IoU 0.5; pair (5, 5): IoU 1.
    expect(Array.from(overlaps.pairIou)).toEqual([0.5, 1]);
  });
});
