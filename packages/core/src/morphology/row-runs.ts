/**
 * @module morphology/row-runs
 * A binary mask kept as its horizontal runs, one sorted list per row:
 * `[start0, end0, start1, end1, …]` with `end` exclusive, runs disjoint and
 * never adjacent. Muscle masks of whole sections have a few runs per row, so
 * a 2.5-gigapixel section's mask takes megabytes instead of gigabytes; the
 * tiled post-processing keeps its muscle masks this way.
 */

/** One row's runs: `[start0, end0, start1, end1, …]`. */
export type RowRuns = Int32Array;

/** The runs of an empty row (shared; never written). */
export const EMPTY_ROW_RUNS: RowRuns = new Int32Array(0);

/** The runs of `row[offset … offset + width)` where it is non-zero. */
export function toRowRuns(row: Uint8Array, offset: number, width: number): RowRuns {
  let count = 0;
  for (let x = 0; x < width; x++) {
    if (row[offset + x] !== 0 && (x === 0 || row[offset + x - 1] === 0)) count++;
  }
  if (count === 0) return EMPTY_ROW_RUNS;
  const runs = new Int32Array(2 * count);
  let k = 0;
  let x = 0;
  while (x < width) {
    while (x < width && row[offset + x] === 0) x++;
    if (x === width) break;
    runs[k++] = x;
    while (x < width && row[offset + x] !== 0) x++;
    runs[k++] = x;
  }
  return runs;
}

/** Sets `out[offset + x] = value` over the runs. */
export function paintRowRuns(runs: RowRuns, out: Uint8Array, offset: number, value = 1): void {
  for (let k = 0; k < runs.length; k += 2) {
    out.fill(value, offset + (runs[k] as number), offset + (runs[k + 1] as number));
  }
}

/** The runs of the pixels in `[0, width)` not covered by `runs`. */
export function complementRowRuns(runs: RowRuns, width: number): RowRuns {
  const out: number[] = [];
  let x = 0;
  for (let k = 0; k < runs.length; k += 2) {
    const start = runs[k] as number;
    if (start > x) out.push(x, start);
    x = runs[k + 1] as number;
  }
  if (x < width) out.push(x, width);
  return out.length === 0 ? EMPTY_ROW_RUNS : Int32Array.from(out);
}

/** The union of two rows' runs, merged where they overlap or touch. */
export function unionRowRuns(a: RowRuns, b: RowRuns): RowRuns {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let start: number;
    let end: number;
    if (j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number))) {
      start = a[i] as number;
      end = a[i + 1] as number;
      i += 2;
    } else {
      start = b[j] as number;
      end = b[j + 1] as number;
      j += 2;
    }
    const last = out.length - 1;
    if (last > 0 && start <= (out[last] as number)) {
      if (end > (out[last] as number)) out[last] = end;
    } else out.push(start, end);
  }
  return Int32Array.from(out);
}

/** Pixels covered by the runs. */
export function countRowRunPixels(runs: RowRuns): number {
  let total = 0;
  for (let k = 0; k < runs.length; k += 2) total += (runs[k + 1] as number) - (runs[k] as number);
  return total;
}

/** Whether column `x` lies in one of the runs (binary search). */
export function includesRowRuns(runs: RowRuns, x: number): boolean {
  let low = 0;
  let high = runs.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (x < (runs[2 * middle] as number)) high = middle - 1;
    else if (x >= (runs[2 * middle + 1] as number)) low = middle + 1;
    else return true;
  }
  return false;
}

/** One runs list per row of a row-major mask (`mask[i] !== 0`). */
export function toMaskRowRuns(mask: Uint8Array, width: number, height: number): RowRuns[] {
  const rows: RowRuns[] = new Array(height);
  for (let y = 0; y < height; y++) rows[y] = toRowRuns(mask, y * width, width);
  return rows;
}

/** The 0/1 mask of one runs list per row. */
export function paintMaskRowRuns(rows: readonly RowRuns[], width: number): Uint8Array {
  const mask = new Uint8Array(rows.length * width);
  rows.forEach((runs, y) => {
    paintRowRuns(runs, mask, y * width);
  });
  return mask;
}
