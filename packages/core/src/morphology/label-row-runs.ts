/**
 * @module morphology/label-row-runs
 * Connected components of a mask kept as row runs (`row-runs.ts`), with the
 * area of each: the run-based union-find of `label-runs.ts` (He, Chao &
 * Suzuki 2008) on runs that are already found. Work and memory are
 * proportional to the number of runs, not pixels.
 */
import type { RowRuns } from "./row-runs.ts";
import { findRoot } from "./union-find.ts";

export interface LabeledRowRuns {
  /** Per row, the component (1…count, raster order of first pixel) of each run. */
  runLabels: Int32Array[];
  /** `areas[label]`: pixels of the component (index 0 unused). */
  areas: Float64Array;
  count: number;
}

/** Labels the 4- or 8-connected components of the runs of `rows`. */
export function labelRowRuns(rows: readonly RowRuns[], connectivity: 4 | 8): LabeledRowRuns {
  if (connectivity !== 4 && connectivity !== 8) {
    throw new RangeError(`connectivity must be 4 or 8, got ${String(connectivity)}`);
  }
  const reach = connectivity === 8 ? 1 : 0;
  const firstRun = new Int32Array(rows.length + 1);
  for (let y = 0; y < rows.length; y++) {
    firstRun[y + 1] = (firstRun[y] as number) + (rows[y] as RowRuns).length / 2;
  }
  const runCount = firstRun[rows.length] as number;
  const parent = new Int32Array(runCount);
  for (let run = 0; run < runCount; run++) parent[run] = run;
  for (let y = 1; y < rows.length; y++) {
    const current = rows[y] as RowRuns;
    const previous = rows[y - 1] as RowRuns;
    const base = firstRun[y] as number;
    const previousBase = firstRun[y - 1] as number;
    let above = 0;
    const aboveCount = previous.length / 2;
    for (let k = 0; k < current.length / 2; k++) {
      const start = (current[2 * k] as number) - reach;
      const end = (current[2 * k + 1] as number) + reach;
      while (above < aboveCount && (previous[2 * above + 1] as number) <= start) above++;
      for (let j = above; j < aboveCount && (previous[2 * j] as number) < end; j++) {
        const a = findRoot(parent, base + k);
        const b = findRoot(parent, previousBase + j);
        // The smaller root wins, so a component's root is its first run.
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
      }
    }
  }
  const labelOfRun = new Int32Array(runCount);
  let count = 0;
  const areaList: number[] = [0];
  const runLabels: Int32Array[] = [];
  for (let y = 0; y < rows.length; y++) {
    const runs = rows[y] as RowRuns;
    const labels = new Int32Array(runs.length / 2);
    for (let k = 0; k < labels.length; k++) {
      const run = (firstRun[y] as number) + k;
      const root = findRoot(parent, run);
      let label: number;
      if (root === run) {
        label = ++count;
        areaList.push(0);
      } else label = labelOfRun[root] as number;
      labelOfRun[run] = label;
      labels[k] = label;
      areaList[label] =
        (areaList[label] as number) + (runs[2 * k + 1] as number) - (runs[2 * k] as number);
    }
    runLabels.push(labels);
  }
  return { runLabels, areas: Float64Array.from(areaList), count };
}
