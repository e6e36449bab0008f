/**
 * @module metrics/count-label-overlaps
 * Areas of the objects of two label images and the pixel count of every
 * (prediction, ground truth) pair that overlaps, from one pass over the
 * pixels. Only overlapping pairs are stored, so a section with 100,000 fibers
 * costs memory in proportion to its fibers, not to their square.
 */
import { assertImageSize, type ImageSize, type LabelArray } from "../morphology/image-size.ts";

export interface LabelOverlaps {
  /** Label value of each prediction, in order of first appearance. */
  predLabels: number[];
  /** Pixel count of each prediction (same order). */
  predAreas: Float64Array;
  gtLabels: number[];
  gtAreas: Float64Array;
  /** Prediction index of each overlapping pair. */
  pairPred: Int32Array;
  /** Ground-truth index of each overlapping pair. */
  pairGt: Int32Array;
  /** Shared pixels of each pair. */
  pairIntersection: Float64Array;
  /** Intersection over union of each pair. */
  pairIou: Float64Array;
}

/** Above this, label values go through a Map instead of a lookup table. */
const TABLE_LIMIT = 1 << 22;
/** Pair keys are predIndex · 2^26 + gtIndex, exact below 2^53. */
const GT_INDEX_LIMIT = 1 << 26;

function maxLabel(labels: LabelArray): number {
  let max = 0;
  for (let i = 0; i < labels.length; i++)
    if ((labels[i] as number) > max) max = labels[i] as number;
  return max;
}

/** Index of each label value in first-appearance order, created on demand. */
function createIndexer(max: number, values: number[]): (label: number) => number {
  if (max < TABLE_LIMIT) {
    const table = new Int32Array(max + 1).fill(-1);
    return (label) => {
      let index = table[label] as number;
      if (index < 0) {
        index = values.length;
        table[label] = index;
        values.push(label);
      }
      return index;
    };
  }
  const map = new Map<number, number>();
  return (label) => {
    let index = map.get(label);
    if (index === undefined) {
      index = values.length;
      map.set(label, index);
      values.push(label);
    }
    return index;
  };
}

/** Counts object areas and pairwise overlaps of the objects (label > 0) of `pred` and `gt`. */
export function countLabelOverlaps(
  pred: LabelArray,
  gt: LabelArray,
  size: ImageSize,
): LabelOverlaps {
  const pixelCount = assertImageSize(pred.length, size, "pred");
  assertImageSize(gt.length, size, "gt");
  const predLabels: number[] = [];
  const gtLabels: number[] = [];
  const predIndex = createIndexer(maxLabel(pred), predLabels);
  const gtIndex = createIndexer(maxLabel(gt), gtLabels);
  const predAreas: number[] = [];
  const gtAreas: number[] = [];
  const intersections = new Map<number, number>();

  // Runs of equal (pred, gt) pairs along rows are accumulated before touching the maps.
  let lastPred = 0;
  let lastPredIndex = -1;
  let lastGt = 0;
  let lastGtIndex = -1;
  let runKey = -1;
  let runLength = 0;
  const flush = () => {
    if (runLength > 0) intersections.set(runKey, (intersections.get(runKey) ?? 0) + runLength);
    runLength = 0;
  };
  for (let i = 0; i < pixelCount; i++) {
    const p = pred[i] as number;
    const g = gt[i] as number;
    let pi = -1;
    let gi = -1;
    if (p > 0) {
      if (p !== lastPred) {
        lastPred = p;
        lastPredIndex = predIndex(p);
        if (lastPredIndex === predAreas.length) predAreas.push(0);
      }
      pi = lastPredIndex;
      predAreas[pi] = (predAreas[pi] as number) + 1;
    }
    if (g > 0) {
      if (g !== lastGt) {
        lastGt = g;
        lastGtIndex = gtIndex(g);
        if (lastGtIndex === gtAreas.length) gtAreas.push(0);
        if (lastGtIndex >= GT_INDEX_LIMIT)
          throw new RangeError(`gt must have fewer than ${GT_INDEX_LIMIT} objects`);
      }
      gi = lastGtIndex;
      gtAreas[gi] = (gtAreas[gi] as number) + 1;
    }
    if (pi >= 0 && gi >= 0) {
      const key = pi * GT_INDEX_LIMIT + gi;
      if (key !== runKey) {
        flush();
        runKey = key;
      }
      runLength++;
    } else if (runLength > 0) {
      flush();
    }
  }
  flush();

  const pairCount = intersections.size;
  const pairPred = new Int32Array(pairCount);
  const pairGt = new Int32Array(pairCount);
  const pairIntersection = new Float64Array(pairCount);
  const pairIou = new Float64Array(pairCount);
  const predAreaArray = Float64Array.from(predAreas);
  const gtAreaArray = Float64Array.from(gtAreas);
  let k = 0;
  for (const [key, intersection] of intersections) {
    const gi = key % GT_INDEX_LIMIT;
    const pi = (key - gi) / GT_INDEX_LIMIT;
    pairPred[k] = pi;
    pairGt[k] = gi;
    pairIntersection[k] = intersection;
    pairIou[k] =
      intersection / ((predAreaArray[pi] as number) + (gtAreaArray[gi] as number) - intersection);
    k++;
  }
  return {
    predLabels,
    predAreas: predAreaArray,
    gtLabels,
    gtAreas: gtAreaArray,
    pairPred,
    pairGt,
    pairIntersection,
    pairIou,
  };
}
