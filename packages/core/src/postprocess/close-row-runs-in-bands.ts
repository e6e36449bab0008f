/**
 * @module postprocess/close-row-runs-in-bands
 * `closeBinary` of a whole section computed band by band and returned as row
 * runs. A closing by a square of radius r, repeated n times, at a pixel
 * depends only on the mask within 2·r·n rows of it, so each band is closed on
 * a window reaching that far beyond it and only its own rows are kept: the
 * result equals the whole-image closing (outside the image counts as empty
 * slide in both).
 */
import { closeBinary } from "../morphology/close-binary.ts";
import { type RowRuns, toRowRuns } from "../morphology/row-runs.ts";

export interface CloseRowRunsInBandsOptions {
  width: number;
  height: number;
  /** Fiji Dilate/Erode repetitions (3×3 square each). */
  iterations: number;
  /** Rows closed per band (its window adds 2·iterations above and below). */
  bandRows: number;
  /** Writes row `y` of the mask (0/1) into `out[offset … offset + width)`, which is zero. */
  paintRow: (y: number, out: Uint8Array, offset: number) => void;
}

/** Returns the runs of the closing, one entry per row. */
export function closeRowRunsInBands(options: CloseRowRunsInBandsOptions): RowRuns[] {
  const { width, height, iterations, bandRows, paintRow } = options;
  const reach = 2 * iterations;
  const rows: RowRuns[] = new Array(height);
  const windowCapacity = Math.min(height, bandRows + 2 * reach) * width;
  const buffer = new Uint8Array(windowCapacity);
  for (let y0 = 0; y0 < height; y0 += bandRows) {
    const y1 = Math.min(height, y0 + bandRows);
    const top = Math.max(0, y0 - reach);
    const bottom = Math.min(height, y1 + reach);
    const window = buffer.subarray(0, (bottom - top) * width);
    window.fill(0);
    for (let y = top; y < bottom; y++) paintRow(y, window, (y - top) * width);
    const closed =
      iterations === 0
        ? window
        : closeBinary(window, { width, height: bottom - top, iterations, radius: 1 });
    for (let y = y0; y < y1; y++) rows[y] = toRowRuns(closed, (y - top) * width, width);
  }
  return rows;
}
