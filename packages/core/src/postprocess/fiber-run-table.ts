/**
 * @module postprocess/fiber-run-table
 * The pixels of every fiber of a section as horizontal runs (fiber, row,
 * x0, x1), indexed by row once all are added. The tiled post-processing
 * paints label, fiber and connective-tissue rows from it, so the fibers'
 * pixels are kept at 16 bytes per run (about the fiber's height in rows;
 * up to ~32 while the arrays double or are sorted) instead of 4 bytes per
 * pixel of the section.
 */

import { doubleInt32Array } from "../morphology/union-find.ts";

export interface FiberRunTable {
  /** Adds the run [x0, x1) of row `y` to fiber `fiber` (0-based index). */
  add(fiber: number, y: number, x0: number, x1: number): void;
  /** Sorts the runs by row; call once, after the last `add`. */
  index(): IndexedFiberRuns;
  readonly runCount: number;
}

export interface IndexedFiberRuns {
  /** Calls `visit(fiber, x0, x1)` for each run of row `y`. */
  forEachRun(y: number, visit: (fiber: number, x0: number, x1: number) => void): void;
}

/** Starts an empty table for an image of `height` rows. */
export function createFiberRunTable(height: number): FiberRunTable {
  let fibers: Int32Array = new Int32Array(4096);
  let rows: Int32Array = new Int32Array(4096);
  let starts: Int32Array = new Int32Array(4096);
  let ends: Int32Array = new Int32Array(4096);
  let count = 0;
  return {
    add(fiber, y, x0, x1) {
      if (count === fibers.length) {
        fibers = doubleInt32Array(fibers);
        rows = doubleInt32Array(rows);
        starts = doubleInt32Array(starts);
        ends = doubleInt32Array(ends);
      }
      fibers[count] = fiber;
      rows[count] = y;
      starts[count] = x0;
      ends[count] = x1;
      count++;
    },
    get runCount() {
      return count;
    },
    index() {
      // Counting sort by row: runs of a row end up in the order they were added.
      const rowStart = new Int32Array(height + 1);
      for (let run = 0; run < count; run++) {
        rowStart[(rows[run] as number) + 1] = (rowStart[(rows[run] as number) + 1] as number) + 1;
      }
      for (let y = 0; y < height; y++) {
        rowStart[y + 1] = (rowStart[y + 1] as number) + (rowStart[y] as number);
      }
      const next = rowStart.slice(0, height);
      const sortedFibers = new Int32Array(count);
      const sortedStarts = new Int32Array(count);
      const sortedEnds = new Int32Array(count);
      for (let run = 0; run < count; run++) {
        const y = rows[run] as number;
        const at = next[y] as number;
        next[y] = at + 1;
        sortedFibers[at] = fibers[run] as number;
        sortedStarts[at] = starts[run] as number;
        sortedEnds[at] = ends[run] as number;
      }
      // The unsorted copies are no longer needed.
      fibers = rows = starts = ends = new Int32Array(0);
      return {
        forEachRun(y, visit) {
          const end = rowStart[y + 1] as number;
          for (let at = rowStart[y] as number; at < end; at++) {
            visit(sortedFibers[at] as number, sortedStarts[at] as number, sortedEnds[at] as number);
          }
        },
      };
    },
  };
}
