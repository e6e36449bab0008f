import { describe, expect, it } from "vitest";
import type { LabelOverlaps } from "./count-label-overlaps.ts";
import { twoSquaresThreePredictions } from "./fixtures.test-helpers.ts";
import { matchInstances, matchOverlaps } from "./match-instances.ts";

/** Overlaps given as literal (pred, gt, IoU) triples; areas are irrelevant to matching. */
function literalOverlaps(
  predCount: number,
  gtCount: number,
  pairs: Array<[number, number, number]>,
): LabelOverlaps {
  return {
    predLabels: Array.from({ length: predCount }, (_, i) => i + 1),
    predAreas: new Float64Array(predCount).fill(100),
    gtLabels: Array.from({ length: gtCount }, (_, i) => i + 1),
    gtAreas: new Float64Array(gtCount).fill(100),
    pairPred: Int32Array.from(pairs, ([p]) => p),
    pairGt: Int32Array.from(pairs, ([, g]) => g),
    pairIntersection: new Float64Array(pairs.length),
    pairIou: Float64Array.from(pairs, ([, , iou]) => iou),
  };
}

describe("matchInstances(pred, gt, options)", () => {
  it("matches the two overlapping predictions at IoU 0.5 and leaves the stray one", () => {
    const { pred, gt, width, height } = twoSquaresThreePredictions();
    const result = matchInstances(pred, gt, { width, height });
    expect(result.matches).toEqual([
      { pred: 5, gt: 1, iou: 0.75 },
      { pred: 7, gt: 2, iou: 0.8 },
    ]);
    expect(result.unmatchedPred).toEqual([9]);
    expect(result.unmatchedGt).toEqual([]);
  });

  it("drops the 0.75 pair at threshold 0.8 but keeps the 0.80 pair (IoU ≥ threshold)", () => {
    const { pred, gt, width, height } = twoSquaresThreePredictions();
    const result = matchInstances(pred, gt, { width, height, iouThreshold: 0.8 });
    expect(result.matches).toEqual([{ pred: 7, gt: 2, iou: 0.8 }]);
    expect(result.unmatchedGt).toEqual([1]);
  });

  it("rejects a threshold outside [0, 1]", () => {
    const { pred, gt, width, height } = twoSquaresThreePredictions();
    expect(() => matchInstances(pred, gt, { width, height, iouThreshold: 1.5 })).toThrow(
      /iouThreshold must lie in \[0, 1\], got 1.5/,
    );
  });
});

describe("matchOverlaps(overlaps, iouThreshold)", () => {
  it("below 0.5 maximises the number of matches where greedy by IoU would not", () => {
    // p0–g0 0.45 is the best pair, but taking it strands p1 (whose only candidate is g0):
    // p0–g1 (0.30) + p1–g0 (0.30) gives 2 matches instead of 1.
    const overlaps = literalOverlaps(2, 2, [
      [0, 0, 0.45],
      [0, 1, 0.3],
      [1, 0, 0.3],
    ]);
    const matching = matchOverlaps(overlaps, 0.25);
    expect(matching.truePositives).toBe(2);
    expect(Array.from(matching.predToGt)).toEqual([1, 0]);
    expect(matching.isExact).toBe(true);
  });

  it("breaks ties in the number of matches by the larger total IoU", () => {
    // Both perfect matchings have 2 pairs: 0.4 + 0.4 beats 0.3 + 0.3.
    const overlaps = literalOverlaps(2, 2, [
      [0, 0, 0.3],
      [1, 1, 0.3],
      [0, 1, 0.4],
      [1, 0, 0.4],
    ]);
    expect(Array.from(matchOverlaps(overlaps, 0.2).predToGt)).toEqual([1, 0]);
  });

  it("at 0.5 matches a GT split into two exact halves to one half only", () => {
    // Each half has IoU exactly 0.5 with the GT: one true positive, one false positive.
    const overlaps = literalOverlaps(2, 1, [
      [0, 0, 0.5],
      [1, 0, 0.5],
    ]);
    const matching = matchOverlaps(overlaps, 0.5);
    expect(matching.truePositives).toBe(1);
    expect(Array.from(matching.gtToPred)).toEqual([0]);
  });
});
