/**
 * @module metrics/select-sparse-predictions
 * Which predictions can be judged against sparse ground truth, where only
 * some fibers are labelled and label 0 means "background or not annotated".
 *
 * Rule: a prediction is evaluated (may count as a false positive) when at
 * least `minLabelledFraction` (default ½) of its pixels lie on labelled
 * objects; the others are ignored. This is the Cityscapes instance
 * evaluation's treatment of unlabelled ("void") regions — an unmatched
 * prediction is a false positive only if at most a given fraction of it lies
 * in ignored pixels (cityscapesScripts, evalInstanceLevelSemanticLabeling.py,
 * `proportionIgnore <= overlapTh`) — and the COCO "crowd" region idea, with a
 * fixed ½ instead of the IoU threshold so the evaluated set is the same at
 * every threshold. Any prediction matched at IoU ≥ 0.5 has at least half its
 * pixels on its ground-truth object, so matches are always evaluated; a
 * neighbouring, unlabelled fiber that merely touches a labelled one is not
 * counted against the model.
 */
import type { LabelOverlaps } from "./count-label-overlaps.ts";

/** Returns 1 for each prediction index to evaluate, 0 for those to ignore. */
export function selectSparsePredictions(
  overlaps: LabelOverlaps,
  minLabelledFraction = 0.5,
): Uint8Array {
  if (!(minLabelledFraction >= 0 && minLabelledFraction <= 1)) {
    throw new RangeError(
      `minLabelledFraction must lie in [0, 1], got ${String(minLabelledFraction)}`,
    );
  }
  const { predAreas, pairPred, pairIntersection } = overlaps;
  const onLabelled = new Float64Array(predAreas.length);
  for (let k = 0; k < pairPred.length; k++) {
    const pi = pairPred[k] as number;
    onLabelled[pi] = (onLabelled[pi] as number) + (pairIntersection[k] as number);
  }
  return Uint8Array.from(onLabelled, (pixels, pi) =>
    pixels > 0 && pixels >= minLabelledFraction * (predAreas[pi] as number) ? 1 : 0,
  );
}
