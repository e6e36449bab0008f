/**
 * @module synthesis/encode-gray-png
 * A minimal PNG encoder for single-channel 8- and 16-bit images (classes and
 * instance labels). sharp rescales 16-bit single-channel raw input as if it
 * were 8-bit and may palettise few-valued 8-bit images, and fast-png's pure-JS
 * deflate takes ~5× longer on a 2048² label image than node:zlib, so masks are
 * written here: one IHDR, one IDAT, filter type 0 on every row. Masks are long
 * runs of equal values, which deflate compresses well without prediction.
 */
import { crc32, deflateSync } from "node:zlib";

export const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

/** One PNG chunk: length, type, data, CRC-32 of type and data. */
export function encodeChunk(type: string, data: Uint8Array): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, "latin1");
  chunk.set(data, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

export interface EncodeGrayPngOptions {
  /**
   * zlib compression level, 0 (store) to 9.
   * @default 6
   */
  level?: number;
}

/**
 * PNG bytes of a `width`×`height` grayscale image given row-major: 8-bit for a
 * `Uint8Array`, 16-bit for a `Uint16Array`.
 */
export function encodeGrayPng(
  data: Uint8Array | Uint16Array,
  width: number,
  height: number,
  options: EncodeGrayPngOptions = {},
): Buffer {
  const { level = 6 } = options;
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`width must be a positive integer, got ${width}`);
  }
  if (!Number.isInteger(height) || height < 1) {
    throw new RangeError(`height must be a positive integer, got ${height}`);
  }
  if (data.length !== width * height) {
    throw new RangeError(
      `data must hold width*height = ${width * height} values, got ${data.length}`,
    );
  }
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new RangeError(`level must be an integer in [0, 9], got ${level}`);
  }
  const bytesPerSample = data instanceof Uint16Array ? 2 : 1;
  // Each row is preceded by its filter byte (0); 16-bit samples are big-endian.
  const stride = width * bytesPerSample + 1;
  const scanlines = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (bytesPerSample === 1) {
      scanlines.set(data.subarray(row, row + width), y * stride + 1);
      continue;
    }
    let out = y * stride + 1;
    for (let i = row; i < row + width; i++) {
      const value = data[i] as number;
      scanlines[out++] = value >>> 8;
      scanlines[out++] = value & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = bytesPerSample * 8; // bit depth
  header[9] = 0; // colour type: grayscale
  return Buffer.concat([
    PNG_SIGNATURE,
    encodeChunk("IHDR", header),
    encodeChunk("IDAT", deflateSync(scanlines, { level })),
    encodeChunk("IEND", new Uint8Array(0)),
  ]);
}
