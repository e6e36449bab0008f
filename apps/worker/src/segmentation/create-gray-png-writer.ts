/**
 * @module segmentation/create-gray-png-writer
 * Writes a grayscale PNG (8- or 16-bit) to a file row band by row band, so
 * whole-section label and mask images never exist in memory: the rows go
 * through one zlib deflate stream whose output becomes IDAT chunks as it
 * comes. Same layout as `encodeGrayPng` (filter type 0 on every row).
 */
import { type FileHandle, open } from "node:fs/promises";
import { createDeflate } from "node:zlib";
import { encodeChunk, PNG_SIGNATURE } from "../synthesis/encode-gray-png.ts";

export interface GrayPngWriter {
  /** Appends whole rows (`width` values each), top to bottom. */
  writeRows(values: Uint8Array | Uint16Array | Int32Array): Promise<void>;
  /** Writes the end of the image and closes the file; throws unless every row was written. */
  finish(): Promise<void>;
  /** Closes the file without finishing it (the caller removes it). */
  abort(): Promise<void>;
}

export interface CreateGrayPngWriterOptions {
  width: number;
  height: number;
  bitDepth: 8 | 16;
  /**
   * zlib level, 0–9.
   * @default 3
   */
  level?: number;
}

/** Opens `path` for writing a PNG of the given size; see the module comment. */
export async function createGrayPngWriter(
  path: string,
  options: CreateGrayPngWriterOptions,
): Promise<GrayPngWriter> {
  const { width, height, bitDepth, level = 3 } = options;
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`width must be a positive integer, got ${width}`);
  }
  if (!Number.isInteger(height) || height < 1) {
    throw new RangeError(`height must be a positive integer, got ${height}`);
  }
  if (bitDepth !== 8 && bitDepth !== 16) {
    throw new RangeError(`bitDepth must be 8 or 16, got ${String(bitDepth)}`);
  }
  const maxValue = bitDepth === 8 ? 255 : 65_535;
  const file: FileHandle = await open(path, "w");
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = bitDepth;
  await file.write(Buffer.concat([PNG_SIGNATURE, encodeChunk("IHDR", header)]));
  const deflate = createDeflate({ level });
  // Compressed output is written in order; the promise chain keeps the file writes serial.
  let writing: Promise<unknown> = Promise.resolve();
  let failure: unknown;
  deflate.on("data", (chunk: Buffer) => {
    writing = writing.then(() => file.write(encodeChunk("IDAT", chunk)));
    writing.catch((error: unknown) => {
      failure ??= error;
    });
  });
  const ended = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  // Awaited in finish(); a writer aborted or failing before then must not leave it unhandled.
  ended.catch(() => {});
  let rowsWritten = 0;
  const stride = width * (bitDepth / 8) + 1;

  return {
    async writeRows(values) {
      if (values.length % width !== 0) {
        throw new RangeError(`values must hold whole rows of ${width}, got ${values.length}`);
      }
      const rows = values.length / width;
      if (rowsWritten + rows > height) {
        throw new RangeError(`rows beyond the image's ${height}: ${rowsWritten} + ${rows}`);
      }
      const scanlines = Buffer.alloc(stride * rows);
      for (let y = 0; y < rows; y++) {
        let out = y * stride + 1;
        for (let i = y * width; i < (y + 1) * width; i++) {
          const value = values[i] as number;
          if (value < 0 || value > maxValue) {
            throw new RangeError(`value ${value} does not fit a ${bitDepth}-bit PNG`);
          }
          if (bitDepth === 16) scanlines[out++] = value >>> 8;
          scanlines[out++] = value & 0xff;
        }
      }
      rowsWritten += rows;
      await new Promise<void>((resolve, reject) =>
        deflate.write(scanlines, (error) => (error ? reject(error) : resolve())),
      );
      await writing;
      if (failure) throw failure;
    },
    async finish() {
      if (rowsWritten !== height) {
        throw new RangeError(`${rowsWritten} of ${height} rows were written`);
      }
      deflate.end();
      await ended;
      await writing;
      if (failure) throw failure;
      await file.write(encodeChunk("IEND", new Uint8Array(0)));
      await file.close();
    },
    async abort() {
      deflate.destroy();
      await writing.catch(() => {});
      await file.close();
    },
  };
}
