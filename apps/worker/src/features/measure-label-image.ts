/**
 * @module features/measure-label-image
 * Per-fiber features of a label image file of any size: decoded once, then
 * streamed strip by strip into `createFiberMeasurer`, so that memory holds one
 * strip plus the fibers' runs (see `@myoscope/core/features/create-fiber-measurer`).
 */
import { createFiberMeasurer } from "@myoscope/core/features/create-fiber-measurer";
import type { FiberFeatures } from "@myoscope/core/features/fiber-features";
import {
  type OpenLabelImageOptions,
  openLabelImage,
  openRgbImage,
  type RgbImage,
} from "./open-label-image.ts";

export interface MeasureLabelImageProgress {
  phase: "decode" | "measure" | "trace";
  /** Rows measured so far (measure phase). */
  rowsDone: number;
  height: number;
}

export interface MeasureLabelImageOptions extends OpenLabelImageOptions {
  /** Pixel size along x in µm/px. */
  mpp: number;
  /**
   * Pixel size along y in µm/px.
   * @default mpp
   */
  mppY?: number;
  /**
   * Label value that is not a fiber.
   * @default 0
   */
  background?: number;
  /**
   * Bytes of labels per strip (rounded to whole rows).
   * @default 16 MiB
   */
  stripBytes?: number;
  /** Also return each fiber's outline polygon. */
  withContours?: boolean;
  /** The H&E image the labels were segmented from (same size), for mean H and E optical density. */
  rgbPath?: string;
  onProgress?: (progress: MeasureLabelImageProgress) => void;
}

export interface MeasureLabelImageResult {
  fibers: FiberFeatures[];
  width: number;
  height: number;
  /** Milliseconds spent decoding, scanning strips, and tracing outlines. */
  timings: { decodeMs: number; measureMs: number; traceMs: number };
}

/** Measures every fiber of the label image at `path`. */
export async function measureLabelImage(
  path: string,
  options: MeasureLabelImageOptions,
): Promise<MeasureLabelImageResult> {
  const { stripBytes = 16 * 1024 * 1024, onProgress } = options;
  for (const [name, value] of [
    ["mpp", options.mpp],
    ["mppY", options.mppY ?? options.mpp],
  ] as const) {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`${name} must be a finite number > 0, got ${String(value)}`);
    }
  }
  const t0 = performance.now();
  onProgress?.({ phase: "decode", rowsDone: 0, height: 0 });
  const image = await openLabelImage(path, options);
  const { width, height } = image;
  let rgb: RgbImage | undefined;
  try {
    if (options.rgbPath !== undefined) {
      rgb = await openRgbImage(options.rgbPath, { ...options, expectedSize: { width, height } });
    }
    const measurer = createFiberMeasurer({
      width,
      height,
      mpp: options.mpp,
      mppY: options.mppY,
      background: options.background,
      withContours: options.withContours,
    });
    const t1 = performance.now();
    const bytesPerRow = width * (image.depth === "uchar" ? 1 : image.depth === "ushort" ? 2 : 4);
    const stripRows = Math.max(1, Math.floor(stripBytes / bytesPerRow));
    for (let y0 = 0; y0 < height; y0 += stripRows) {
      const rows = Math.min(stripRows, height - y0);
      const labels = await image.readRows(y0, rows);
      measurer.addStrip({ labels, y0, rgb: await rgb?.readRows(y0, rows) });
      onProgress?.({ phase: "measure", rowsDone: y0 + rows, height });
    }
    const t2 = performance.now();
    onProgress?.({ phase: "trace", rowsDone: height, height });
    const fibers = measurer.finish();
    const t3 = performance.now();
    return {
      fibers,
      width,
      height,
      timings: { decodeMs: t1 - t0, measureMs: t2 - t1, traceMs: t3 - t2 },
    };
  } finally {
    await image.close();
    await rgb?.close();
  }
}
