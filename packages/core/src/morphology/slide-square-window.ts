/**
 * @module morphology/slide-square-window
 * The separable core of binary dilation ("any") and erosion ("all") by a
 * square of side 2r + 1, in time independent of r:
 * - along rows, each run of foreground pixels is widened (or narrowed) by r
 *   and written with `fill`, so the cost is one scan plus the runs;
 * - along columns, whole rows are combined with the van Herk / Gil–Werman
 *   scheme (M. van Herk, Pattern Recognit. Lett. 13, 1992; J. Gil and
 *   M. Werman, IEEE PAMI 15, 1993): block-wise prefix and suffix ORs (ANDs)
 *   give any window with two row operations, four pixels per 32-bit word.
 */
import type { ImageSize } from "./image-size.ts";

export interface SquareWindowOptions extends ImageSize {
  /** Half the side of the square, in pixels. */
  radius: number;
  /** "any": dilation (some pixel in the window is set); "all": erosion. */
  mode: "any" | "all";
  /**
   * For "all": whether pixels outside the image count as foreground (ImageJ's
   * "Pad edges when eroding"); otherwise they count as background.
   */
  isPaddingEdges: boolean;
}

/** Whether a 32-bit word holds a zero byte (the classic bit trick). */
function hasZeroByte(word: number): boolean {
  return ((word - 0x01010101) & ~word & 0x80808080) !== 0;
}

function filterRows(mask: Uint8Array, options: SquareWindowOptions, out: Uint8Array): void {
  const { width, height, radius, mode, isPaddingEdges } = options;
  const isAll = mode === "all";
  // Where rows start on word boundaries, runs of 4 equal bytes are skipped a word at a time.
  const words =
    (width & 3) === 0 && (mask.byteOffset & 3) === 0
      ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >> 2)
      : undefined;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      if (words !== undefined) {
        while ((x & 3) !== 0 && x < width && mask[row + x] === 0) x++;
        while (x + 4 <= width && words[(row + x) >> 2] === 0) x += 4;
      }
      while (x < width && mask[row + x] === 0) x++;
      if (x === width) break;
      const start = x;
      if (words !== undefined) {
        while ((x & 3) !== 0 && x < width && mask[row + x] !== 0) x++;
        while (x + 4 <= width && !hasZeroByte(words[(row + x) >> 2] as number)) x += 4;
      }
      while (x < width && mask[row + x] !== 0) x++;
      if (isAll) {
        const from = start === 0 && isPaddingEdges ? 0 : start + radius;
        const to = x === width && isPaddingEdges ? width : x - radius;
        if (from < to) out.fill(1, row + from, row + to);
      } else {
        out.fill(1, row + Math.max(start - radius, 0), row + Math.min(x + radius, width));
      }
    }
  }
}

/** Combines rows a and b of `source` into row `target` of `into`, word-wise where rows align. */
function combineRows(
  into: Uint8Array,
  target: number,
  a: Uint8Array,
  rowA: number,
  b: Uint8Array,
  rowB: number,
  width: number,
  isAll: boolean,
): void {
  const intoOffset = target * width;
  const aOffset = rowA * width;
  const bOffset = rowB * width;
  if ((width & 3) === 0) {
    const words = width >> 2;
    const into32 = new Uint32Array(into.buffer, into.byteOffset + intoOffset, words);
    const a32 = new Uint32Array(a.buffer, a.byteOffset + aOffset, words);
    const b32 = new Uint32Array(b.buffer, b.byteOffset + bOffset, words);
    if (isAll) for (let k = 0; k < words; k++) into32[k] = (a32[k] as number) & (b32[k] as number);
    else for (let k = 0; k < words; k++) into32[k] = (a32[k] as number) | (b32[k] as number);
    return;
  }
  if (isAll)
    for (let k = 0; k < width; k++)
      into[intoOffset + k] = (a[aOffset + k] as number) & (b[bOffset + k] as number);
  else
    for (let k = 0; k < width; k++)
      into[intoOffset + k] = (a[aOffset + k] as number) | (b[bOffset + k] as number);
}

function filterColumns(source: Uint8Array, options: SquareWindowOptions, out: Uint8Array): void {
  const { width, height, radius, mode, isPaddingEdges } = options;
  const isAll = mode === "all";
  const block = 2 * radius + 1;
  const rowBytes = width;
  // prefix[y]: rows blockStart(y)…y combined; suffix[y]: rows y…blockEnd(y), blocks clipped at the last row.
  const prefix = new Uint8Array(source.length);
  const suffix = new Uint8Array(source.length);
  for (let y = 0; y < height; y++) {
    if (y % block === 0)
      prefix.set(source.subarray(y * rowBytes, (y + 1) * rowBytes), y * rowBytes);
    else combineRows(prefix, y, prefix, y - 1, source, y, width, isAll);
  }
  for (let y = height - 1; y >= 0; y--) {
    if (y % block === block - 1 || y === height - 1)
      suffix.set(source.subarray(y * rowBytes, (y + 1) * rowBytes), y * rowBytes);
    else combineRows(suffix, y, suffix, y + 1, source, y, width, isAll);
  }
  for (let y = 0; y < height; y++) {
    const a = y - radius;
    const b = y + radius;
    if (isAll && !isPaddingEdges && (a < 0 || b >= height)) {
      out.fill(0, y * rowBytes, (y + 1) * rowBytes);
      continue;
    }
    const first = Math.max(a, 0);
    const last = Math.min(b, height - 1);
    const isSameBlock = Math.floor(first / block) === Math.floor(last / block);
    if (isSameBlock) {
      // Within one block the window is a prefix (it starts the block) or a suffix (it ends the clipped block).
      const row =
        first % block === 0
          ? prefix.subarray(last * rowBytes, (last + 1) * rowBytes)
          : suffix.subarray(first * rowBytes, (first + 1) * rowBytes);
      out.set(row, y * rowBytes);
    } else {
      combineRows(out, y, suffix, first, prefix, last, width, isAll);
    }
  }
}

/** Writes the filtered mask (0/1) into `out`, which may not alias `mask`. */
export function slideSquareWindow(
  mask: Uint8Array,
  options: SquareWindowOptions,
  out: Uint8Array,
): Uint8Array {
  const across = new Uint8Array(mask.length);
  filterRows(mask, options, across);
  filterColumns(across, options, out);
  return out;
}
