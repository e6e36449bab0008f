/**
 * @module postprocess/build-muscle-mask-runs
 * The muscle mask of the SYNTA paper's Fiji toolset (HE_Muscle_Seg,
 * `createMuscleMask`): close the fiber mask (Dilate ×n, Erode ×n), fill the
 * small gaps (Invert, MorphoLibJ Area Opening, Invert) and keep the large
 * pieces (Analyze Particles with a minimum size), computed on row runs: the
 * closing with `closeRowRuns`, the area filters with `finishMuscleMaskRuns`.
 * Both post-processing paths build their masks this way.
 *
 * One deliberate difference: the closing is computed as if the image went on
 * with empty slide, so tissue cut by the image border is not eroded from it.
 * The toolset cropped that 10-px border artefact off its non-whole-slide
 * masks instead.
 */
import { closeRowRuns } from "../morphology/close-row-runs.ts";
import type { RowRuns } from "../morphology/row-runs.ts";
import { finishMuscleMaskRuns } from "./finish-muscle-mask-runs.ts";

export interface BuildMuscleMaskRunsOptions {
  width: number;
  /** 3×3 dilations (Fiji Binary › Dilate, count 1) followed by as many 3×3 erosions. */
  closingIterations: number;
  /** Background gaps (4-connected) with fewer pixels than this are filled. */
  holeAreaPx: number;
  /** Pieces (8-connected) with fewer pixels than this are removed; 0 keeps all. */
  minPieceAreaPx: number;
}

/** Returns the muscle mask's runs from the fiber mask's runs (one list per row). */
export function buildMuscleMaskRuns(
  fiberRows: readonly RowRuns[],
  options: BuildMuscleMaskRunsOptions,
): RowRuns[] {
  const { width, closingIterations, holeAreaPx, minPieceAreaPx } = options;
  const closed = closeRowRuns(fiberRows, { width, iterations: closingIterations });
  return finishMuscleMaskRuns(closed, { width, holeAreaPx, minPieceAreaPx });
}
