/**
 * @module wsi/find-tiff-truncation
 * A cut-off upload of a TIFF-based slide (SVS, NDPI, OME-TIFF) often still has
 * readable directories, and OpenSlide then renders the missing tiles as blank
 * without an error. This walks every image file directory (and SubIFD) and
 * checks that the directories and all strip/tile data lie inside the file.
 * Reads only the directories and offset arrays, never pixel data.
 */

/** Random access to the file's bytes; `read` may return fewer bytes at the end. */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Uint8Array;
}

const TAG_STRIP_OFFSETS = 273;
const TAG_STRIP_BYTE_COUNTS = 279;
const TAG_TILE_OFFSETS = 324;
const TAG_TILE_BYTE_COUNTS = 325;
const TAG_SUB_IFDS = 330;
const TYPE_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  13: 4,
  16: 8,
  17: 8,
  18: 8,
};
const MAX_DIRECTORIES = 4096;

interface Layout {
  isLittleEndian: boolean;
  isBig: boolean;
}

function readUint(bytes: Uint8Array, at: number, width: number, layout: Layout): number {
  let value = 0;
  for (let i = 0; i < width; i++) {
    const byte = bytes[layout.isLittleEndian ? at + width - 1 - i : at + i] ?? 0;
    value = value * 256 + byte;
  }
  return value;
}

/** Whether the bytes start like a classic or Big TIFF. */
export function isTiffSignature(head: Uint8Array): boolean {
  const order = String.fromCharCode(head[0] ?? 0, head[1] ?? 0);
  if (order !== "II" && order !== "MM") return false;
  const magic = readUint(head, 2, 2, { isLittleEndian: order === "II", isBig: false });
  return magic === 42 || magic === 43;
}

/**
 * Returns why a TIFF is truncated or broken, or null when every directory and
 * every strip/tile lies inside the file (or the file is not a TIFF at all).
 */
export function findTiffTruncation(source: ByteSource): string | null {
  const head = source.read(0, 16);
  if (!isTiffSignature(head)) return null;
  const layout: Layout = {
    isLittleEndian: head[0] === 0x49,
    isBig: readUint(head, 2, 2, { isLittleEndian: head[0] === 0x49, isBig: false }) === 43,
  };
  const offsetSize = layout.isBig ? 8 : 4;
  const entrySize = layout.isBig ? 20 : 12;
  const countSize = layout.isBig ? 8 : 2;
  const pending: number[] = [readUint(head, layout.isBig ? 8 : 4, offsetSize, layout)];
  const seen = new Set<number>();
  const fail = (what: string, end: number) =>
    `the file is truncated: ${what} ends at byte ${end}, but the file has only ${source.size} bytes`;

  while (pending.length > 0) {
    const offset = pending.shift() ?? 0;
    if (offset === 0 || seen.has(offset)) continue;
    if (seen.size >= MAX_DIRECTORIES)
      return `the file has more than ${MAX_DIRECTORIES} image directories`;
    const index = seen.size;
    seen.add(offset);
    if (offset + countSize > source.size)
      return fail(`image directory ${index}`, offset + countSize);
    const count = readUint(source.read(offset, countSize), 0, countSize, layout);
    const end = offset + countSize + count * entrySize + offsetSize;
    if (end > source.size) return fail(`image directory ${index}`, end);
    const table = source.read(offset + countSize, count * entrySize + offsetSize);
    const arrays = new Map<number, number[]>();
    for (let i = 0; i < count; i++) {
      const at = i * entrySize;
      const tag = readUint(table, at, 2, layout);
      const isWanted = [
        TAG_STRIP_OFFSETS,
        TAG_STRIP_BYTE_COUNTS,
        TAG_TILE_OFFSETS,
        TAG_TILE_BYTE_COUNTS,
        TAG_SUB_IFDS,
      ].includes(tag);
      if (!isWanted) continue;
      const type = readUint(table, at + 2, 2, layout);
      const width = TYPE_SIZE[type] ?? 4;
      const n = readUint(table, at + 4, layout.isBig ? 8 : 4, layout);
      const valueAt = at + (layout.isBig ? 12 : 8);
      let values: Uint8Array = table.subarray(valueAt, valueAt + offsetSize);
      let base = 0;
      if (n * width > offsetSize) {
        const where = readUint(table, valueAt, offsetSize, layout);
        if (where + n * width > source.size)
          return fail(`the offset table of directory ${index}`, where + n * width);
        values = source.read(where, n * width);
        base = 0;
      }
      const list: number[] = new Array(n);
      for (let k = 0; k < n; k++) list[k] = readUint(values, base + k * width, width, layout);
      arrays.set(tag, list);
    }
    for (const [offsetsTag, countsTag] of [
      [TAG_STRIP_OFFSETS, TAG_STRIP_BYTE_COUNTS],
      [TAG_TILE_OFFSETS, TAG_TILE_BYTE_COUNTS],
    ] as const) {
      const offsets = arrays.get(offsetsTag) ?? [];
      const counts = arrays.get(countsTag) ?? [];
      let dataEnd = 0;
      offsets.forEach((start, k) => {
        dataEnd = Math.max(dataEnd, start + (counts[k] ?? 0));
      });
      if (dataEnd > source.size) return fail(`the image data of directory ${index}`, dataEnd);
    }
    pending.push(...(arrays.get(TAG_SUB_IFDS) ?? []));
    pending.push(readUint(table, count * entrySize, offsetSize, layout));
  }
  return null;
}
