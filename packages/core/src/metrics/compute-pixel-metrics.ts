/**
 * @module metrics/compute-pixel-metrics
 * Pixel-level agreement of two fiber masks: accuracy, precision, recall and F1
 * of the foreground (label > 0), the four measures of the paper's Fig. 3b.
 */
import { assertImageSize, type ImageSize, type LabelArray } from "../morphology/image-size.ts";

export interface PixelMetricsOptions extends ImageSize {
  /**
   * Pixels with `ignore[i] !== 0` are left out of every count (used for sparse
   * ground truth, where unlabelled pixels are unknown).
   */
  ignore?: Uint8Array;
}

export interface PixelMetrics {
  /** (TP + TN) / evaluated pixels. */
  accuracy: number;
  /** TP / (TP + FP). */
  precision: number;
  /** TP / (TP + FN). */
  recall: number;
  /** 2·TP / (2·TP + FP + FN), the Dice coefficient of the two masks. */
  f1: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** Pixels counted (all of them unless some were ignored). */
  evaluatedPixels: number;
}

/**
 * A ratio whose denominator is empty is 1 when the masks agree that there is
 * nothing (no foreground in either), else 0 — so an empty prediction of an
 * empty ground truth scores perfectly and any other degenerate case scores 0.
 */
function ratio(numerator: number, denominator: number, isBothEmpty: boolean): number {
  if (denominator === 0) return isBothEmpty ? 1 : 0;
  return numerator / denominator;
}

/** Compares the foreground (label > 0) of `pred` with that of `gt`. */
export function computePixelMetrics(
  pred: LabelArray,
  gt: LabelArray,
  options: PixelMetricsOptions,
): PixelMetrics {
  const pixelCount = assertImageSize(pred.length, options, "pred");
  assertImageSize(gt.length, options, "gt");
  const { ignore } = options;
  if (ignore !== undefined) assertImageSize(ignore.length, options, "ignore");

  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let evaluatedPixels = 0;
  for (let i = 0; i < pixelCount; i++) {
    if (ignore !== undefined && ignore[i] !== 0) continue;
    evaluatedPixels++;
    const isPred = (pred[i] as number) > 0;
    const isGt = (gt[i] as number) > 0;
    if (isPred) {
      if (isGt) truePositives++;
      else falsePositives++;
    } else if (isGt) {
      falseNegatives++;
    }
  }
  const trueNegatives = evaluatedPixels - truePositives - falsePositives - falseNegatives;
  const isBothEmpty = truePositives + falsePositives + falseNegatives === 0;
  return {
    accuracy: ratio(truePositives + trueNegatives, evaluatedPixels, isBothEmpty),
    precision: ratio(truePositives, truePositives + falsePositives, isBothEmpty),
    recall: ratio(truePositives, truePositives + falseNegatives, isBothEmpty),
    f1: ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives, isBothEmpty),
    truePositives,
    falsePositives,
    falseNegatives,
    trueNegatives,
    evaluatedPixels,
  };
}
