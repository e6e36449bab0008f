/**
 * @module annotations/encode-label-png
 * A 16-bit grayscale PNG of a label image. sharp would rescale 16-bit
 * single-channel raw input as if it were 8-bit, so the few bytes of PNG
 * framing are written here (one IDAT, filter 0; label images are long runs
 * that deflate compresses well without prediction).
 */
import { crc32, deflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function encodeLabelPng(labels: Uint16Array, width: number, height: number): Buffer {
  if (labels.length !== width * height) {
    throw new RangeError(`labels must hold ${width}×${height} values, got ${labels.length}`);
  }
  const stride = width * 2 + 1;
  const scanlines = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    let out = y * stride + 1;
    for (let i = y * width; i < (y + 1) * width; i++) {
      const value = labels[i] as number;
      scanlines[out++] = value >>> 8;
      scanlines[out++] = value & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 16;
  header[9] = 0;
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(scanlines, { level: 6 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
