/**
 * @module metrics/evaluate-segmentation
 * Everything the paper reports for a predicted instance mask against ground
 * truth, from one pass over the pixel pairs: pixel accuracy, precision,
 * recall and F1 of the fiber area, and AP at IoU 0.50:0.05:0.95.
 */
import { assertImageSize, type ImageSize, type LabelArray } from "../morphology/image-size.ts";
import {
  type AveragePrecision,
  type AveragePrecisionOptions,
  computeAveragePrecisionFromOverlaps,
} from "./compute-average-precision.ts";
import { computePixelMetrics, type PixelMetrics } from "./compute-pixel-metrics.ts";
import { countLabelOverlaps } from "./count-label-overlaps.ts";
import { selectSparsePredictions } from "./select-sparse-predictions.ts";

export interface SegmentationEvaluation {
  /**
   * Pixel metrics of the foreground. With sparse ground truth only the pixels
   * of labelled objects and of evaluated predictions count; elsewhere the
   * truth is unknown.
   */
  pixel: PixelMetrics;
  instances: AveragePrecision;
}

/** Evaluates the instance labels `pred` against the ground-truth labels `gt`. */
export function evaluateSegmentation(
  pred: LabelArray,
  gt: LabelArray,
  options: AveragePrecisionOptions & ImageSize,
): SegmentationEvaluation {
  const pixelCount = assertImageSize(pred.length, options, "pred");
  const overlaps = countLabelOverlaps(pred, gt, options);
  const instances = computeAveragePrecisionFromOverlaps(overlaps, options);
  if (!options.isSparse) return { pixel: computePixelMetrics(pred, gt, options), instances };

  // Unknown pixels: not on a labelled object and not on an evaluated prediction.
  const evaluated = selectSparsePredictions(overlaps, options.sparseMinLabelledFraction);
  const isEvaluatedLabel = new Map(
    overlaps.predLabels.map((label, pi) => [label, evaluated[pi] === 1]),
  );
  const ignore = new Uint8Array(pixelCount);
  let lastLabel = 0;
  let isLastEvaluated = false;
  for (let i = 0; i < pixelCount; i++) {
    if ((gt[i] as number) > 0) continue;
    const label = pred[i] as number;
    if (label > 0) {
      if (label !== lastLabel) {
        lastLabel = label;
        isLastEvaluated = isEvaluatedLabel.get(label) === true;
      }
      if (isLastEvaluated) continue;
    }
    ignore[i] = 1;
  }
  return { pixel: computePixelMetrics(pred, gt, { ...options, ignore }), instances };
}
