/**
 * @module morphology/find-mask-runs
 * A binary mask's horizontal runs in compressed-row form, for kernels that
 * only need to visit a sparse foreground (connective tissue is a few per cent
 * of a section): one scan of the bytes, skipping four equal bytes at a time,
 * and every later pass costs the runs instead of the image.
 */
import { assertImageSize, type ImageSize } from "./image-size.ts";

export interface FindMaskRunsOptions extends ImageSize {
  /**
   * Collect the runs of `mask[i] === 0` instead of `mask[i] !== 0`.
   * @default false
   */
  isInverted?: boolean;
}

export interface MaskRuns {
  /** The runs of row y are `rowStart[y] … rowStart[y + 1] − 1`; length `height + 1`. */
  rowStart: Int32Array;
  /** Run k covers columns `bounds[2k] … bounds[2k + 1] − 1` of its row. */
  bounds: Int32Array;
  /** Number of runs. */
  count: number;
}

/** Whether a 32-bit word holds a zero byte (the classic bit trick). */
function hasZeroByte(word: number): boolean {
  return ((word - 0x01010101) & ~word & 0x80808080) !== 0;
}

/** Returns the runs of `mask !== 0` (or `=== 0` when inverted), row by row, left to right. */
export function findMaskRuns(mask: Uint8Array, options: FindMaskRunsOptions): MaskRuns {
  const pixelCount = assertImageSize(mask.length, options, "mask");
  const { width, height, isInverted = false } = options;
  const words =
    (mask.byteOffset & 3) === 0
      ? new Uint32Array(mask.buffer, mask.byteOffset, pixelCount >> 2)
      : undefined;
  const inside = isInverted ? 0 : 1;
  const rowStart = new Int32Array(height + 1);
  let bounds = new Int32Array(1024);
  let count = 0;
  for (let y = 0; y < height; y++) {
    rowStart[y] = count;
    const row = y * width;
    const rowEnd = row + width;
    let i = row;
    while (i < rowEnd) {
      if (words !== undefined) {
        while ((i & 3) !== 0 && i < rowEnd && (mask[i] !== 0 ? 1 : 0) !== inside) i++;
        // Skip words whose four pixels are all outside a run.
        if (isInverted) while (i + 4 <= rowEnd && !hasZeroByte(words[i >> 2] as number)) i += 4;
        else while (i + 4 <= rowEnd && words[i >> 2] === 0) i += 4;
      }
      while (i < rowEnd && (mask[i] !== 0 ? 1 : 0) !== inside) i++;
      if (i === rowEnd) break;
      const start = i;
      if (words !== undefined) {
        while ((i & 3) !== 0 && i < rowEnd && (mask[i] !== 0 ? 1 : 0) === inside) i++;
        if (isInverted) while (i + 4 <= rowEnd && words[i >> 2] === 0) i += 4;
        else while (i + 4 <= rowEnd && !hasZeroByte(words[i >> 2] as number)) i += 4;
      }
      while (i < rowEnd && (mask[i] !== 0 ? 1 : 0) === inside) i++;
      if (2 * count + 2 > bounds.length) {
        const grown = new Int32Array(bounds.length * 2);
        grown.set(bounds);
        bounds = grown;
      }
      bounds[2 * count] = start - row;
      bounds[2 * count + 1] = i - row;
      count++;
    }
  }
  rowStart[height] = count;
  return { rowStart, bounds: bounds.subarray(0, 2 * count), count };
}
