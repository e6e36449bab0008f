/**
 * @module features/open-label-image
 * Reads an instance label image (PNG, TIFF, … anything libvips decodes; 8, 16
 * or 32-bit, one channel) back in horizontal strips, in bounded memory.
 *
 * Asking libvips for strips with `extract` re-decodes a compressed image from
 * its top for every strip (a single-strip LZW TIFF such as the NCL-SM masks
 * costs 0.2–0.7 s per 256-row strip, quadratic overall). Instead the image is
 * decoded once, sequentially, into an uncompressed libvips `.v` file, whose
 * rows are then read back with plain file reads. Images up to
 * `inMemoryLimitBytes` skip the file and are decoded into one buffer.
 */
import { mkdtemp, open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LabelPixels } from "@myoscope/core/features/fiber-features";
import sharp, { type Metadata, type Sharp } from "sharp";

/** The file is missing, unreadable, corrupt, or not a one-channel integer image. */
export class LabelImageError extends Error {
  override name = "LabelImageError";
}

export type LabelDepth = "uchar" | "ushort" | "uint" | "int";

export interface LabelImage {
  width: number;
  height: number;
  depth: LabelDepth;
  /** Reads rows [y0, y0 + rows) as a fresh typed array of `width × rows` labels. */
  readRows(y0: number, rows: number): Promise<LabelPixels>;
  /** Deletes the temporary file, if any. */
  close(): Promise<void>;
}

export interface OpenLabelImageOptions {
  /**
   * Largest decoded size (bytes) kept in one buffer; larger images go through a
   * temporary `.v` file of the same size.
   * @default 256 MiB
   */
  inMemoryLimitBytes?: number;
  /**
   * Directory for the temporary file.
   * @default os.tmpdir()
   */
  tempDir?: string;
}

const BYTES: Record<LabelDepth, number> = { uchar: 1, ushort: 2, uint: 4, int: 4 };
/** libvips `VipsBandFormat` codes in the `.v` header. */
const VIPS_FORMAT: Record<LabelDepth, number> = { uchar: 0, ushort: 2, uint: 4, int: 5 };
const VIPS_HEADER_BYTES = 64;

function view(bytes: Uint8Array, depth: LabelDepth): LabelPixels {
  // A fresh, aligned buffer: typed views need offsets that are multiples of 2 or 4.
  const { buffer, byteOffset, byteLength } = bytes;
  const n = byteLength / BYTES[depth];
  if (depth === "uchar") return new Uint8Array(buffer, byteOffset, n);
  if (depth === "ushort") return new Uint16Array(buffer, byteOffset, n);
  if (depth === "uint") return new Uint32Array(buffer, byteOffset, n);
  return new Int32Array(buffer, byteOffset, n);
}

interface RowSource {
  readRows(y0: number, rows: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * Decodes `decoded` once into memory or, above `inMemoryLimitBytes`, into a
 * temporary `.v` file, and serves byte rows of `rowBytes` from it.
 */
async function openDecodedRows(
  decoded: () => Sharp,
  layout: {
    path: string;
    width: number;
    height: number;
    bands: number;
    depth: LabelDepth;
    rowBytes: number;
  },
  options: OpenLabelImageOptions,
): Promise<RowSource> {
  const { inMemoryLimitBytes = 256 * 1024 * 1024, tempDir = tmpdir() } = options;
  const { path, width, height, bands, depth, rowBytes } = layout;
  const totalBytes = rowBytes * height;
  if (totalBytes <= inMemoryLimitBytes) {
    let data: Buffer;
    try {
      data = await decoded().raw({ depth }).toBuffer();
    } catch (error) {
      throw new LabelImageError(`cannot decode image ${path}: ${(error as Error).message}`);
    }
    if (data.length !== totalBytes) {
      throw new LabelImageError(
        `cannot decode image ${path}: got ${data.length} bytes, expected ${totalBytes}`,
      );
    }
    return {
      async readRows(y0, rows) {
        const bytes = new Uint8Array(rows * rowBytes);
        bytes.set(data.subarray(y0 * rowBytes, (y0 + rows) * rowBytes));
        return bytes;
      },
      async close() {},
    };
  }

  const dir = await mkdtemp(join(tempDir, "myoscope-labels-"));
  const file = join(dir, "decoded.v");
  try {
    await decoded().toFile(file);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new LabelImageError(`cannot decode image ${path}: ${(error as Error).message}`);
  }
  const handle = await open(file, "r");
  const header = Buffer.alloc(VIPS_HEADER_BYTES);
  await handle.read(header, 0, VIPS_HEADER_BYTES, 0);
  // 0xb6a6f208 marks a little-endian (Intel-order) file.
  const isExpected =
    header.readUInt32BE(0) === 0xb6a6f208 &&
    header.readInt32LE(4) === width &&
    header.readInt32LE(8) === height &&
    header.readInt32LE(12) === bands &&
    header.readInt32LE(20) === VIPS_FORMAT[depth];
  if (!isExpected) {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
    throw new LabelImageError(`cannot decode image ${path}: unexpected intermediate layout`);
  }
  return {
    async readRows(y0, rows) {
      const bytes = new Uint8Array(rows * rowBytes);
      const at = VIPS_HEADER_BYTES + y0 * rowBytes;
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, at);
      if (bytesRead !== bytes.length) {
        throw new LabelImageError(`short read of rows ${y0}..${y0 + rows - 1} from ${file}`);
      }
      return bytes;
    },
    async close() {
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Checks that `path` is a file and reads its header. */
async function readMetadata(path: string, what: string): Promise<Metadata> {
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw new LabelImageError(`${what} is not a file: ${path}`);
  } catch (error) {
    if (error instanceof LabelImageError) throw error;
    throw new LabelImageError(`${what} not found: ${path}`);
  }
  try {
    const metadata = await openSharp(path).metadata();
    if (!metadata.width || !metadata.height || !metadata.channels || !metadata.depth) {
      throw new Error("no size in its header");
    }
    return metadata;
  } catch (error) {
    throw new LabelImageError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

// Whole sections exceed sharp's 268-MP guard; harmless TIFF warnings (e.g.
// unsorted tags in the NCL-SM masks) must not fail the read, decoding errors must.
function openSharp(path: string): Sharp {
  return sharp(path, { limitInputPixels: false, sequentialRead: true, failOn: "error" });
}

/**
 * Opens `path` for strip reads. Throws `LabelImageError` with a readable
 * message for a missing, corrupt or unsuitable file.
 */
export async function openLabelImage(
  path: string,
  options: OpenLabelImageOptions = {},
): Promise<LabelImage> {
  const metadata = await readMetadata(path, "label image");
  const { width = 0, height = 0, channels, space } = metadata;
  const depth = metadata.depth as string;
  if (depth !== "uchar" && depth !== "ushort" && depth !== "uint" && depth !== "int") {
    throw new LabelImageError(
      `label image must hold 8, 16 or 32-bit integer labels, got ${depth} pixels in ${path}`,
    );
  }
  if (channels !== 1 || metadata.isPalette) {
    throw new LabelImageError(
      `label image must have one channel of labels, got ${metadata.isPalette ? "a palette image" : `${channels} channels`} in ${path}`,
    );
  }
  // Converting to the image's own interpretation is a no-op that stops sharp
  // from turning the labels into 8-bit sRGB on output.
  const decoded = () => openSharp(path).toColourspace(space ?? "b-w");
  const rowBytes = width * BYTES[depth];
  const source = await openDecodedRows(
    decoded,
    { path, width, height, bands: 1, depth, rowBytes },
    options,
  );
  return {
    width,
    height,
    depth,
    async readRows(y0, rows) {
      return view(await source.readRows(y0, rows), depth);
    },
    close: () => source.close(),
  };
}

export interface RgbImage {
  width: number;
  height: number;
  /** Rows [y0, y0 + rows) as interleaved 8-bit RGB, `3 × width × rows` bytes. */
  readRows(y0: number, rows: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Opens a brightfield colour image (any alpha dropped, grey expanded) for strip reads of 8-bit RGB. */
export async function openRgbImage(
  path: string,
  options: OpenLabelImageOptions & { expectedSize?: { width: number; height: number } } = {},
): Promise<RgbImage> {
  const { width = 0, height = 0 } = await readMetadata(path, "image");
  const expected = options.expectedSize;
  if (expected && (expected.width !== width || expected.height !== height)) {
    throw new LabelImageError(
      `image ${path} is ${width}×${height}, the labels are ${expected.width}×${expected.height}`,
    );
  }
  const decoded = () => openSharp(path).removeAlpha().toColourspace("srgb");
  const source = await openDecodedRows(
    decoded,
    { path, width, height, bands: 3, depth: "uchar", rowBytes: 3 * width },
    options,
  );
  return { width, height, readRows: source.readRows, close: source.close };
}
