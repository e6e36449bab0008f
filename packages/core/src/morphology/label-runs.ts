/**
 * @module morphology/label-runs
 * Connected components of a binary mask computed on its horizontal runs
 * instead of its pixels: one pass finds the runs, a union-find joins runs
 * that touch a run of the row above (the run-based two-pass scheme of
 * L. He, Y. Chao & K. Suzuki, "A run-based two-scan labeling algorithm",
 * IEEE Trans. Image Process. 17, 2008). Work beyond the first scan is
 * proportional to the number of runs, which for fiber and muscle masks is a
 * small fraction of the pixels.
 */
import { assertImageSize, type ImageSize } from "./image-size.ts";
import { doubleInt32Array, findRoot } from "./union-find.ts";

export interface LabelRunsOptions extends ImageSize {
  /** @default 8 */
  connectivity?: 4 | 8;
  /**
   * Label the runs of background (`mask[i] === 0`) instead of foreground,
   * without building the inverted mask.
   * @default false
   */
  isLabelingBackground?: boolean;
}

export interface LabeledRuns {
  /** Row of each run. */
  runY: Int32Array;
  /** First column of each run. */
  runStart: Int32Array;
  /** One past the last column of each run. */
  runEnd: Int32Array;
  /** Component of each run, 1…count in raster order of the component's first pixel. */
  runLabel: Int32Array;
  runCount: number;
  count: number;
}

/** Finds the runs of `mask !== 0` (or `=== 0`) and labels their connected components. */
export function labelRuns(mask: Uint8Array, options: LabelRunsOptions): LabeledRuns {
  assertImageSize(mask.length, options, "mask");
  const { width, height, connectivity = 8, isLabelingBackground = false } = options;
  if (connectivity !== 4 && connectivity !== 8) {
    throw new RangeError(`connectivity must be 4 or 8, got ${String(connectivity)}`);
  }
  // Two runs of adjacent rows touch when [start, end) overlap, widened by one for corners.
  const reach = connectivity === 8 ? 1 : 0;
  let runY: Int32Array = new Int32Array(1024);
  let runStart: Int32Array = new Int32Array(1024);
  let runEnd: Int32Array = new Int32Array(1024);
  let parent: Int32Array = new Int32Array(1024);
  let runCount = 0;
  let previousFirst = 0;
  let previousLast = 0;

  for (let y = 0; y < height; y++) {
    const row = y * width;
    const first = runCount;
    let x = 0;
    while (x < width) {
      if (isLabelingBackground) {
        while (x < width && mask[row + x] !== 0) x++;
      } else {
        while (x < width && mask[row + x] === 0) x++;
      }
      if (x === width) break;
      const start = x;
      if (isLabelingBackground) {
        while (x < width && mask[row + x] === 0) x++;
      } else {
        while (x < width && mask[row + x] !== 0) x++;
      }
      if (runCount === runY.length) {
        runY = doubleInt32Array(runY);
        runStart = doubleInt32Array(runStart);
        runEnd = doubleInt32Array(runEnd);
        parent = doubleInt32Array(parent);
      }
      runY[runCount] = y;
      runStart[runCount] = start;
      runEnd[runCount] = x;
      parent[runCount] = runCount;
      runCount++;
    }
    // Merge with the runs of the row above (two pointers over two sorted lists).
    let above = previousFirst;
    for (let run = first; run < runCount && above < previousLast; run++) {
      const start = (runStart[run] as number) - reach;
      const end = (runEnd[run] as number) + reach;
      while (above < previousLast && (runEnd[above] as number) <= start) above++;
      let candidate = above;
      while (candidate < previousLast && (runStart[candidate] as number) < end) {
        const a = findRoot(parent, run);
        const b = findRoot(parent, candidate);
        // The smaller root wins, so a component's root is its first run.
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
        candidate++;
      }
    }
    previousFirst = first;
    previousLast = runCount;
  }

  const runLabel = new Int32Array(runCount);
  let count = 0;
  for (let run = 0; run < runCount; run++) {
    const root = findRoot(parent, run);
    runLabel[run] = root === run ? ++count : (runLabel[root] as number);
  }
  return {
    runY: runY.subarray(0, runCount),
    runStart: runStart.subarray(0, runCount),
    runEnd: runEnd.subarray(0, runCount),
    runLabel,
    runCount,
    count,
  };
}
