/**
 * @module segmentation/open-resampled-image
 * Decodes an image once, resampled to the model's pixel size, as 8-bit RGB that can be
 * read back by row ranges.
 *
 * sharp's stream output buffers the whole result, so streaming is done through the
 * file system instead: libvips decodes sequentially, resizes and writes the result as
 * an uncompressed `.v` (libvips native) file in bounded memory, and tiles then read
 * row bands back with `extract`, which libvips serves from a memory map. Images up to
 * `inMemoryPixelLimit` skip the file and stay in one buffer.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp, { type Sharp } from "sharp";
import { SegmentationInputError } from "./segmentation-errors.ts";

/** A file path, an encoded image in memory, or raw interleaved 8-bit pixels. */
export type ImageInput =
  | string
  | Buffer
  | { data: Uint8Array; width: number; height: number; channels: 1 | 2 | 3 | 4 };

export interface RgbRowSource {
  width: number;
  height: number;
  /** Rows [top, top + count) as interleaved RGB, `count · width · 3` bytes. */
  readRows(top: number, count: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface OpenResampledImageOptions {
  /**
   * Largest output (pixels) kept in memory; larger outputs go through a temporary
   * `.v` file of width·height·3 bytes.
   * @default 64 * 1024 * 1024
   */
  inMemoryPixelLimit?: number;
  /**
   * Directory for the temporary file.
   * @default os.tmpdir()
   */
  tempDir?: string;
  /**
   * The input's size when the caller knows it. Then an in-memory decode starts before
   * this function first yields, so it runs on libuv's threads even while the caller
   * goes on with synchronous work (e.g. post-processing) before awaiting it.
   * @default read from the image
   */
  sourceSize?: { width: number; height: number };
}

/** Describes the input in error messages without dumping a buffer. */
export function describeImageInput(input: ImageInput): string {
  if (typeof input === "string") return input;
  if (Buffer.isBuffer(input)) return `<${input.length}-byte buffer>`;
  return `<raw ${input.width}×${input.height}×${input.channels}>`;
}

/** Whole-section images exceed sharp's default 268-megapixel guard on purpose. */
export function openSharp(input: ImageInput): Sharp {
  const options = { limitInputPixels: false, sequentialRead: true, failOn: "warning" } as const;
  if (typeof input === "string" || Buffer.isBuffer(input)) return sharp(input, options);
  const { data, width, height, channels } = input;
  return sharp(data, { ...options, raw: { width, height, channels } });
}

/** libvips messages can run to many lines of TIFF warnings; the first says what broke. */
export function summarizeSharpError(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  const lines = message.split("\n").filter((line) => line.trim() !== "");
  return lines.slice(0, 2).join("; ");
}

/** Width and height as stored, or a `SegmentationInputError` saying why it cannot be read. */
export async function readImageSize(input: ImageInput): Promise<{ width: number; height: number }> {
  if (typeof input !== "string" && !Buffer.isBuffer(input)) {
    return { width: input.width, height: input.height };
  }
  try {
    const { width, height } = await openSharp(input).metadata();
    if (!width || !height) throw new Error("image has no dimensions");
    return { width, height };
  } catch (error) {
    throw new SegmentationInputError(
      `cannot read image ${describeImageInput(input)}: ${summarizeSharpError(error)}`,
    );
  }
}

function prepare(
  input: ImageInput,
  width: number,
  height: number,
  source: { width: number; height: number },
): Sharp {
  let pipeline = openSharp(input).flatten({ background: "#ffffff" });
  if (width !== source.width || height !== source.height) {
    pipeline = pipeline.resize(width, height, { fit: "fill", kernel: "lanczos3" });
  }
  return pipeline.toColourspace("srgb");
}

/**
 * Decodes `input` resampled to `width`×`height` (flattened on white, 8-bit sRGB).
 * @throws SegmentationInputError when the image cannot be decoded (corrupt, truncated,
 * unsupported format).
 */
export async function openResampledImage(
  input: ImageInput,
  width: number,
  height: number,
  options: OpenResampledImageOptions = {},
): Promise<RgbRowSource> {
  const { inMemoryPixelLimit = 64 * 1024 * 1024, tempDir = tmpdir() } = options;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new RangeError(`output size must be positive integers, got ${width}×${height}`);
  }
  const sourceSize = options.sourceSize ?? (await readImageSize(input));
  const fail = (error: unknown): never => {
    throw new SegmentationInputError(
      `cannot decode image ${describeImageInput(input)}: ${summarizeSharpError(error)}`,
    );
  };
  const rowBytes = width * 3;

  if (width * height <= inMemoryPixelLimit) {
    const { data, info } = await prepare(input, width, height, sourceSize)
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true })
      .catch(fail);
    if (info.channels !== 3) fail(new Error(`decoded to ${info.channels} channels, expected 3`));
    return {
      width,
      height,
      readRows: async (top, count) => data.subarray(top * rowBytes, (top + count) * rowBytes),
      close: async () => {},
    };
  }

  const dir = await mkdtemp(join(tempDir, "myoscope-segment-"));
  const file = join(dir, "model-resolution.v");
  try {
    await prepare(input, width, height, sourceSize).toFile(file).catch(fail);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    width,
    height,
    readRows: async (top, count) => {
      const { data, info } = await sharp(file, { limitInputPixels: false })
        .extract({ left: 0, top, width, height: count })
        .raw({ depth: "uchar" })
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
      return data;
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
