/**
 * @module viewer/raw-raster
 * A run's PNG masks (uint16 labels, 8-bit connective tissue, RGBA thickness) decoded
 * ONCE into an uncompressed raster file next to them in storage, so an overlay
 * tile reads only the rows it samples (positional reads, served from the page
 * cache after the first pass) instead of inflating a whole-section PNG per tile.
 * The raw file is written before its JSON header; a header means a complete raster.
 */
import { randomUUID } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import { getSampleCoordinates } from "@myoscope/core/viewer/render-label-tile";
import type { Storage } from "@myoscope/storage/storage";
import sharp, { type Sharp } from "sharp";
import { createLruCache } from "./lru-cache.ts";

export type RasterFormat = "uint16" | "uint8" | "rgba";

export interface RasterHeader {
  width: number;
  height: number;
  format: RasterFormat;
  /** Bytes before the first sample (absent in rasters written before `.v` files: 0). */
  dataOffset?: number;
}

export interface RawRaster extends RasterHeader {
  /** Samples of a grid: `count` columns from `xs`, rows `ys`, row stride `stride`. */
  sampleGrid(
    xs: Int32Array,
    ys: Int32Array,
    out: Uint16Array | Uint8Array | Uint32Array,
    stride: number,
  ): Promise<void>;
  close(): Promise<void>;
}

const BYTES_PER_SAMPLE: Record<RasterFormat, number> = { uint16: 2, uint8: 1, rgba: 4 };

/** Bytes before the pixels of a libvips `.v` file. */
const VIPS_HEADER_BYTES = 64;
/** Bytes per band sample of the `.v` header's BandFmt (bytes 20–23): uchar 0, ushort 2. */
const VIPS_SAMPLE_BYTES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4 };

/** Throws unless the `.v` file's samples are `bytes` wide (a 16-bit mask would misread). */
async function assertVipsSampleSize(path: string, bytes: number): Promise<void> {
  const handle = await open(path, "r");
  try {
    const header = Buffer.alloc(VIPS_HEADER_BYTES);
    await handle.read(header, 0, VIPS_HEADER_BYTES, 0);
    const format = header.readInt32LE(20);
    if (VIPS_SAMPLE_BYTES[format] !== bytes) {
      throw new Error(`decoded samples of format ${format}, expected ${bytes}-byte samples`);
    }
  } finally {
    await handle.close();
  }
}

/**
 * A pipeline decoding the PNG at `path` into samples of `format`. It is saved as a
 * libvips `.v` file: libvips streams PNG rows into it, so a whole-section mask never
 * sits in memory (sharp's raw output would be one buffer), and the pixels follow a
 * 64-byte header uncompressed.
 */
function decodePng(path: string, format: RasterFormat): Sharp {
  const image = sharp(path, { limitInputPixels: false, sequentialRead: true });
  // grey16 keeps 16-bit labels exact; without it sharp rescales to 8 bits.
  if (format === "uint16") return image.toColorspace("grey16");
  return format === "uint8" ? image.toColorspace("b-w") : image.ensureAlpha();
}

/**
 * Ensures the raw raster of `pngKey` exists under `rawKey` (+ `.json` header) and
 * returns its header. `rawKey` should name the version (e.g. the run's finish time),
 * so a re-run never reads the raster of an older attempt.
 */
export async function ensureRawRaster(
  storage: Storage,
  input: { pngKey: string; rawKey: string; format: RasterFormat },
): Promise<RasterHeader> {
  const headerKey = `${input.rawKey}.json`;
  if (await storage.exists(headerKey)) {
    return JSON.parse((await storage.get(headerKey)).toString("utf8")) as RasterHeader;
  }
  const partialKey = `${input.rawKey}.${randomUUID()}.partial.v`;
  let info: { width: number; height: number; channels: number; size: number };
  try {
    const partialPath = await storage.localPath(partialKey);
    await mkdir(dirname(partialPath), { recursive: true });
    info = await decodePng(await storage.localPath(input.pngKey), input.format).toFile(partialPath);
    const expected = info.width * info.height * BYTES_PER_SAMPLE[input.format];
    // The .v file ends with XML metadata, so its size only bounds the pixels from below; the
    // channel count (and, below, the sample size) must match what the tiles will read.
    const channels = input.format === "rgba" ? 4 : 1;
    if (info.channels !== channels || info.size < VIPS_HEADER_BYTES + expected) {
      throw new Error(
        `decoded ${info.channels} channels in ${info.size} bytes, expected ${channels} and ${expected} for ${input.format}`,
      );
    }
    await assertVipsSampleSize(partialPath, BYTES_PER_SAMPLE[input.format] / channels);
    await storage.move(partialKey, input.rawKey);
  } catch (error) {
    await storage.delete(partialKey);
    throw error;
  }
  const { width, height } = info;
  const header: RasterHeader = {
    width,
    height,
    format: input.format,
    dataOffset: VIPS_HEADER_BYTES,
  };
  await storage.put(headerKey, Buffer.from(JSON.stringify(header)));
  return header;
}

async function openRawRaster(path: string, header: RasterHeader): Promise<RawRaster> {
  // Synchronous positional reads: a tile needs up to 256 small reads from the page
  // cache, and an async read per row costs a thread-pool round trip each (measured
  // ~8 ms per tile that way, against ~1 ms with readSync).
  const fd = openSync(path, "r");
  const bytesPerSample = BYTES_PER_SAMPLE[header.format];
  const dataOffset = header.dataOffset ?? 0;
  return {
    ...header,
    async sampleGrid(xs, ys, out, stride) {
      if (xs.length === 0) return;
      const first = xs[0] as number;
      const last = xs[xs.length - 1] as number;
      const spanBytes = (last - first + 1) * bytesPerSample;
      // One buffer per call: tiles of the same raster are rendered concurrently.
      // Buffer.alloc never hands out pooled memory, so the typed views are aligned.
      const rowBuffer = Buffer.alloc(spanBytes + 4);
      const view16 = new Uint16Array(rowBuffer.buffer, rowBuffer.byteOffset, rowBuffer.length >> 1);
      const view32 = new Uint32Array(rowBuffer.buffer, rowBuffer.byteOffset, rowBuffer.length >> 2);
      let previousY = -1;
      for (let j = 0; j < ys.length; j++) {
        const y = ys[j] as number;
        const rowStart = j * stride;
        if (y === previousY) {
          out.copyWithin(rowStart, rowStart - stride, rowStart - stride + xs.length);
          continue;
        }
        previousY = y;
        readSync(
          fd,
          rowBuffer,
          0,
          spanBytes,
          dataOffset + (y * header.width + first) * bytesPerSample,
        );
        for (let i = 0; i < xs.length; i++) {
          const offset = (xs[i] as number) - first;
          out[rowStart + i] =
            header.format === "uint16"
              ? (view16[offset] as number)
              : header.format === "uint8"
                ? (rowBuffer[offset] as number)
                : (view32[offset] as number);
        }
      }
    },
    close: async () => closeSync(fd),
  };
}

const openRasters = createLruCache<Promise<RawRaster>>({
  maxEntries: 24,
  onEvict: (raster) => {
    raster.then((r) => r.close()).catch(() => undefined);
  },
});

/** The raw raster of `pngKey`, decoded on first use and kept open (LRU of 24 files). */
export function getRawRaster(
  storage: Storage,
  input: { pngKey: string; rawKey: string; format: RasterFormat },
): Promise<RawRaster> {
  const cached = openRasters.get(input.rawKey);
  if (cached) return cached;
  const promise = (async () => {
    const header = await ensureRawRaster(storage, input);
    return openRawRaster(await storage.localPath(input.rawKey), header);
  })();
  // A failed decode is not cached: the next tile tries again.
  promise.catch(() => openRasters.delete(input.rawKey, promise));
  openRasters.set(input.rawKey, promise);
  return promise;
}

/**
 * Samples `raster` for a tile covering the full-resolution rectangle `rect` at
 * `downsample` full-resolution pixels per tile pixel, for an image of
 * `imageWidth`×`imageHeight` (the raster may be stored smaller, e.g. thickness maps).
 */
export async function sampleRasterTile(
  raster: RawRaster,
  input: {
    rect: { x: number; y: number; width: number; height: number };
    downsample: number;
    imageWidth: number;
    imageHeight: number;
    tileSize: number;
    out: Uint16Array | Uint8Array | Uint32Array;
  },
): Promise<{ validWidth: number; validHeight: number }> {
  const { rect, downsample, tileSize } = input;
  const validWidth = Math.min(tileSize, Math.ceil(rect.width / downsample));
  const validHeight = Math.min(tileSize, Math.ceil(rect.height / downsample));
  const xs = getSampleCoordinates(
    rect.x,
    validWidth,
    downsample,
    raster.width / input.imageWidth,
    raster.width,
  );
  const ys = getSampleCoordinates(
    rect.y,
    validHeight,
    downsample,
    raster.height / input.imageHeight,
    raster.height,
  );
  await raster.sampleGrid(xs, ys, input.out, tileSize);
  return { validWidth, validHeight };
}
