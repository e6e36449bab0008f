/**
 * @module postprocess/finish-muscle-mask-runs
 * The last two steps of the muscle mask (`build-muscle-mask-runs.ts`) on a
 * closed mask kept as row runs: fill the background regions (4-connected) under `holeAreaPx`, then
 * drop the pieces (8-connected) under `minPieceAreaPx`. Both are area filters
 * over whole-image connected components, which is why the tiled
 * post-processing keeps its masks as runs: the components of a whole section
 * are found in memory proportional to its runs.
 */
import { labelRowRuns } from "../morphology/label-row-runs.ts";
import {
  complementRowRuns,
  EMPTY_ROW_RUNS,
  type RowRuns,
  unionRowRuns,
} from "../morphology/row-runs.ts";

export interface FinishMuscleMaskRunsOptions {
  width: number;
  /** Background regions with fewer pixels than this are filled. */
  holeAreaPx: number;
  /** Pieces with fewer pixels than this are removed; 0 keeps all. */
  minPieceAreaPx: number;
}

/** Keeps the runs whose component passes `isKept(area)`. */
function keepRunsByArea(
  rows: readonly RowRuns[],
  connectivity: 4 | 8,
  isKept: (area: number) => boolean,
): RowRuns[] {
  const { runLabels, areas } = labelRowRuns(rows, connectivity);
  return rows.map((runs, y) => {
    const labels = runLabels[y] as Int32Array;
    let kept = 0;
    for (let k = 0; k < labels.length; k++)
      if (isKept(areas[labels[k] as number] as number)) kept++;
    if (kept === labels.length) return runs;
    if (kept === 0) return EMPTY_ROW_RUNS;
    const out = new Int32Array(2 * kept);
    let j = 0;
    for (let k = 0; k < labels.length; k++) {
      if (!isKept(areas[labels[k] as number] as number)) continue;
      out[j++] = runs[2 * k] as number;
      out[j++] = runs[2 * k + 1] as number;
    }
    return out;
  });
}

/** Returns the muscle mask's runs from the closing's runs. */
export function finishMuscleMaskRuns(
  closed: readonly RowRuns[],
  options: FinishMuscleMaskRunsOptions,
): RowRuns[] {
  const { width, holeAreaPx, minPieceAreaPx } = options;
  const background = closed.map((runs) => complementRowRuns(runs, width));
  const smallHoles = keepRunsByArea(background, 4, (area) => area < holeAreaPx);
  const filled = closed.map((runs, y) => unionRowRuns(runs, smallHoles[y] as RowRuns));
  if (minPieceAreaPx <= 0) return filled;
  return keepRunsByArea(filled, 8, (area) => area >= minPieceAreaPx);
}
