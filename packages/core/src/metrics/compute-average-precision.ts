/**
 * @module metrics/compute-average-precision
 * Instance segmentation "average precision" as Cellpose
 * (cellpose/metrics.py, `average_precision`) and the SYNTA paper (Fig. 3c)
 * use it: at each IoU threshold t, AP(t) = TP / (TP + FP + FN), where TP is the
 * number of one-to-one matches with IoU ≥ t, FP the unmatched predictions and
 * FN the unmatched ground-truth objects. (This is not the area under a
 * precision–recall curve as in COCO.)
 */
import type { ImageSize, LabelArray } from "../morphology/image-size.ts";
import { countLabelOverlaps, type LabelOverlaps } from "./count-label-overlaps.ts";
import { matchOverlaps } from "./match-instances.ts";
import { selectSparsePredictions } from "./select-sparse-predictions.ts";

/** 0.50, 0.55, …, 0.95: the paper's and Cellpose's thresholds. */
export const DEFAULT_IOU_THRESHOLDS: readonly number[] = Array.from(
  { length: 10 },
  (_, k) => (50 + 5 * k) / 100,
);

export interface AveragePrecisionOptions {
  /** @default DEFAULT_IOU_THRESHOLDS (0.50:0.05:0.95) */
  thresholds?: readonly number[];
  /**
   * Ground truth labels only some objects: predictions mostly off the labelled
   * objects are ignored instead of counted as false positives (see
   * `selectSparsePredictions`).
   * @default false
   */
  isSparse?: boolean;
  /**
   * With `isSparse`, the fraction of a prediction's pixels that must lie on
   * labelled objects for it to be evaluated.
   * @default 0.5
   */
  sparseMinLabelledFraction?: number;
}

export interface AveragePrecision {
  thresholds: number[];
  /** TP / (TP + FP + FN) per threshold; 1 when both images have no object. */
  averagePrecision: number[];
  truePositives: number[];
  falsePositives: number[];
  falseNegatives: number[];
  /** Mean of `averagePrecision` over the thresholds. */
  meanAveragePrecision: number;
  predCount: number;
  gtCount: number;
  /** Predictions that can count as false positives (all of them unless sparse). */
  evaluatedPredCount: number;
  /** False only if a huge component below IoU 0.5 had to be matched greedily. */
  isExact: boolean;
}

/** AP from precomputed overlaps (lets a caller reuse one pass over the pixels). */
export function computeAveragePrecisionFromOverlaps(
  overlaps: LabelOverlaps,
  options: AveragePrecisionOptions = {},
): AveragePrecision {
  const {
    thresholds = DEFAULT_IOU_THRESHOLDS,
    isSparse = false,
    sparseMinLabelledFraction = 0.5,
  } = options;
  if (thresholds.length === 0) throw new RangeError("thresholds must not be empty");
  const predCount = overlaps.predLabels.length;
  const gtCount = overlaps.gtLabels.length;
  const evaluated = isSparse
    ? selectSparsePredictions(overlaps, sparseMinLabelledFraction)
    : new Uint8Array(predCount).fill(1);
  const evaluatedPredCount = evaluated.reduce((sum, value) => sum + value, 0);

  const result: AveragePrecision = {
    thresholds: [...thresholds],
    averagePrecision: [],
    truePositives: [],
    falsePositives: [],
    falseNegatives: [],
    meanAveragePrecision: 0,
    predCount,
    gtCount,
    evaluatedPredCount,
    isExact: true,
  };
  for (const threshold of thresholds) {
    const matching = matchOverlaps(overlaps, threshold);
    let falsePositives = 0;
    for (let pi = 0; pi < predCount; pi++) {
      if (matching.predToGt[pi] === -1 && evaluated[pi] === 1) falsePositives++;
    }
    const truePositives = matching.truePositives;
    const falseNegatives = gtCount - truePositives;
    const denominator = truePositives + falsePositives + falseNegatives;
    result.truePositives.push(truePositives);
    result.falsePositives.push(falsePositives);
    result.falseNegatives.push(falseNegatives);
    result.averagePrecision.push(denominator === 0 ? 1 : truePositives / denominator);
    result.isExact &&= matching.isExact;
  }
  result.meanAveragePrecision =
    result.averagePrecision.reduce((sum, value) => sum + value, 0) / result.averagePrecision.length;
  return result;
}

/** AP of the objects (label > 0) of `pred` against those of `gt` at each IoU threshold. */
export function computeAveragePrecision(
  pred: LabelArray,
  gt: LabelArray,
  options: AveragePrecisionOptions & ImageSize,
): AveragePrecision {
  return computeAveragePrecisionFromOverlaps(countLabelOverlaps(pred, gt, options), options);
}
