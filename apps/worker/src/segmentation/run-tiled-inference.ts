/**
 * @module segmentation/run-tiled-inference
 * Runs a segmentation model over an image of any size: resample to the model's pixel
 * size, predict overlapping tiles, blend them seamlessly (see `plan-tile-spans`),
 * softmax, and emit fiber and boundary probabilities (×255, uint8) band by band,
 * at the input's resolution or the model's.
 *
 * Memory: the model-resolution RGB image is read back by bands (from memory, or from
 * a temporary file for large images, see `open-resampled-image`); the blend
 * accumulator holds one band of float rows (3 × tileSize × model width × 4 bytes,
 * ~150 MB for a 25,000-px-wide model-resolution section at tile 512); output leaves
 * through `onRows`. No full-resolution map exists unless the caller collects one
 * (`collectProbabilityMaps`, capped at `maxBytes`).
 */
import { validatePixelSize } from "@myoscope/core/sections/validate-pixel-size";
import { Tensor } from "onnxruntime-node";
import { createRowResampler, type PlaneRows } from "./create-row-resampler.ts";
import { expNonPositive } from "./exp-non-positive.ts";
import type { SegmentationModel } from "./load-segmentation-model.ts";
import {
  type ImageInput,
  type OpenResampledImageOptions,
  openResampledImage,
  readImageSize,
} from "./open-resampled-image.ts";
import { computeFeatherWeights, planTileSpans, reflectIndex } from "./plan-tile-spans.ts";
import { SegmentationInputError } from "./segmentation-errors.ts";

/** A band of rows; `planes` are [fiber, boundary] probabilities ×255. */
export type ProbabilityRows = PlaneRows;

export interface TiledInferenceProgress {
  tilesDone: number;
  tilesTotal: number;
}

export interface RunTiledInferenceOptions extends OpenResampledImageOptions {
  /** Pixel size of the input image, µm/px. */
  imageMpp: number;
  /**
   * Tile edge at model resolution (multiple of 16).
   * @default the model's `tile_size`
   */
  tileSize?: number;
  /**
   * Tile overlap (multiple of 16, at most tileSize / 2); it should cover the model's
   * effective receptive field for tiled and whole-image results to agree.
   * @default the model's `tile_overlap`
   */
  tileOverlap?: number;
  /**
   * Resolution of the emitted maps.
   * @default "input"
   */
  resolution?: "input" | "model";
  onProgress?: (progress: TiledInferenceProgress) => void;
  signal?: AbortSignal;
}

export interface TiledInferenceSummary {
  /** Size of the emitted maps. */
  width: number;
  height: number;
  inputWidth: number;
  inputHeight: number;
  modelWidth: number;
  modelHeight: number;
  tileSize: number;
  tileOverlap: number;
  tileCount: number;
  timings: {
    /** Decode + resample to model resolution. */
    decodeMs: number;
    /** Time inside `session.run`. */
    inferenceMs: number;
    totalMs: number;
  };
}

/** Upsampling beyond this would invent detail; downsampling beyond its inverse would erase fibers. */
const MAX_UPSCALE = 8;
const MAX_DOWNSCALE = 32;

function checkScale(imageMpp: number, modelMpp: number): number {
  try {
    validatePixelSize(imageMpp);
  } catch (error) {
    throw new SegmentationInputError(`image pixel size: ${(error as Error).message}`);
  }
  const scale = imageMpp / modelMpp;
  if (scale > MAX_UPSCALE || scale < 1 / MAX_DOWNSCALE) {
    throw new SegmentationInputError(
      `image pixel size ${imageMpp} µm/px is implausible for a model trained at ${modelMpp} µm/px (resampling ×${scale.toPrecision(3)} is outside [1/${MAX_DOWNSCALE}, ${MAX_UPSCALE}])`,
    );
  }
  return scale;
}

function buildNormalizationTables(model: SegmentationModel): Float32Array[] {
  const { scale, mean, std } = model.metadata.inputNormalization;
  return [0, 1, 2].map((c) => {
    const table = new Float32Array(256);
    for (let v = 0; v < 256; v++) table[v] = (v * scale - (mean[c] as number)) / (std[c] as number);
    return table;
  });
}

/** Normalised planar RGB of one tile, gathered through reflected row/column indexes. */
function fillTileTensor(
  data: Float32Array,
  rgb: Uint8Array,
  sourceRows: Int32Array,
  firstRow: number,
  rowWidth: number,
  columnIndex: Int32Array,
  tables: Float32Array[],
): void {
  const [red, green, blue] = tables as [Float32Array, Float32Array, Float32Array];
  const tileHeight = sourceRows.length;
  const tileWidth = columnIndex.length;
  const planeSize = tileHeight * tileWidth;
  for (let r = 0; r < tileHeight; r++) {
    const rowOffset = ((sourceRows[r] as number) - firstRow) * rowWidth * 3;
    const tileRow = r * tileWidth;
    for (let c = 0; c < tileWidth; c++) {
      const p = rowOffset + (columnIndex[c] as number) * 3;
      data[tileRow + c] = red[rgb[p] as number] as number;
      data[planeSize + tileRow + c] = green[rgb[p + 1] as number] as number;
      data[2 * planeSize + tileRow + c] = blue[rgb[p + 2] as number] as number;
    }
  }
}

interface BlendTarget {
  fiberSum: Float32Array;
  boundarySum: Float32Array;
  weightSum: Float32Array;
  /** Tile origin relative to the accumulator's first row. */
  top: number;
  /** Tile origin in image rows (negative for the first band: those rows are padding). */
  originY: number;
  /** Tile origin in image columns (may be negative). */
  left: number;
  width: number;
  /** Rows of the accumulator that lie inside the image. */
  height: number;
  weightsX: Float32Array;
  weightsY: Float32Array;
}

/** Softmax of each tile pixel, added with its feather weight to the band accumulator. */
function accumulateTile(
  logits: Float32Array,
  tileWidth: number,
  tileHeight: number,
  classCount: number,
  classIndex: { fiber: number; boundary: number },
  target: BlendTarget,
): void {
  const {
    fiberSum,
    boundarySum,
    weightSum,
    top,
    originY,
    left,
    width,
    height,
    weightsX,
    weightsY,
  } = target;
  const planeSize = tileWidth * tileHeight;
  const fiberClass = classIndex.fiber;
  const boundaryClass = classIndex.boundary;
  const rowStart = Math.max(0, -top, -originY);
  const rowEnd = Math.min(tileHeight, height - top);
  const columnStart = Math.max(0, -left);
  const columnEnd = Math.min(tileWidth, width - left);
  for (let r = rowStart; r < rowEnd; r++) {
    const weightY = weightsY[r] as number;
    if (weightY === 0) continue;
    const accumulatorRow = (top + r) * width + left;
    for (let c = columnStart; c < columnEnd; c++) {
      const weight = weightY * (weightsX[c] as number);
      if (weight === 0) continue;
      const p = r * tileWidth + c;
      let max = Number.NEGATIVE_INFINITY;
      let sum = 0;
      let fiber = 0;
      let boundary = 0;
      if (classCount === 3) {
        // The shipped models' case, unrolled: the same operations in the same order.
        const l0 = logits[p] as number;
        const l1 = logits[p + planeSize] as number;
        const l2 = logits[p + 2 * planeSize] as number;
        if (l0 > max) max = l0;
        if (l1 > max) max = l1;
        if (l2 > max) max = l2;
        const e0 = expNonPositive(l0 - max);
        const e1 = expNonPositive(l1 - max);
        const e2 = expNonPositive(l2 - max);
        sum = e0 + e1 + e2;
        fiber = fiberClass === 0 ? e0 : fiberClass === 1 ? e1 : fiberClass === 2 ? e2 : 0;
        if (boundaryClass !== fiberClass) {
          boundary =
            boundaryClass === 0 ? e0 : boundaryClass === 1 ? e1 : boundaryClass === 2 ? e2 : 0;
        }
      } else {
        for (let k = p; k < p + classCount * planeSize; k += planeSize) {
          const v = logits[k] as number;
          if (v > max) max = v;
        }
        for (let k = 0; k < classCount; k++) {
          const e = expNonPositive((logits[p + k * planeSize] as number) - max);
          sum += e;
          if (k === fiberClass) fiber = e;
          else if (k === boundaryClass) boundary = e;
        }
      }
      const scale = weight / sum;
      const a = accumulatorRow + c;
      fiberSum[a] = (fiberSum[a] as number) + scale * fiber;
      boundarySum[a] = (boundarySum[a] as number) + scale * boundary;
      weightSum[a] = (weightSum[a] as number) + weight;
    }
  }
}

/**
 * `Math.round(value)` for 0 ≤ value < 2³¹, at a third of its cost: `value + 0.5` can
 * round up to the next integer only when it is inexact, and then `r − value` > 0.5
 * is computed exactly (Sterbenz), so the correction below catches it.
 */
function roundNonNegative(value: number): number {
  const rounded = (value + 0.5) | 0;
  return rounded - value > 0.5 ? rounded - 1 : rounded;
}

/**
 * Streams the probability maps of `input` to `onRows`, top to bottom, in bands.
 * @throws SegmentationInputError for unreadable images or implausible pixel sizes.
 */
export async function runTiledInference(
  model: SegmentationModel,
  input: ImageInput,
  onRows: (rows: ProbabilityRows) => void | Promise<void>,
  options: RunTiledInferenceOptions,
): Promise<TiledInferenceSummary> {
  const started = performance.now();
  const {
    imageMpp,
    tileSize = model.metadata.tileSize,
    tileOverlap = model.metadata.tileOverlap,
    resolution = "input",
    onProgress,
    signal,
  } = options;
  if (resolution !== "input" && resolution !== "model") {
    throw new RangeError(`resolution must be "input" or "model", got ${String(resolution)}`);
  }
  if (model.hasFixedTileSize && tileSize !== model.metadata.tileSize) {
    throw new RangeError(
      `tileSize must be ${model.metadata.tileSize} for this fixed-size model, got ${tileSize}`,
    );
  }
  const scale = checkScale(imageMpp, model.metadata.mpp);
  const { width, height } = await readImageSize(input);
  const modelWidth = Math.max(1, Math.round(width * scale));
  const modelHeight = Math.max(1, Math.round(height * scale));
  const columns = planTileSpans(modelWidth, tileSize, tileOverlap, model.hasFixedTileSize);
  const bands = planTileSpans(modelHeight, tileSize, tileOverlap, model.hasFixedTileSize);
  const tilesTotal = columns.length * bands.length;
  const classCount = model.metadata.classes.length;

  const source = await openResampledImage(input, modelWidth, modelHeight, options);
  const decodeMs = performance.now() - started;
  let inferenceMs = 0;
  try {
    const tables = buildNormalizationTables(model);
    const accumulatorRows = Math.max(...bands.map((band) => band.size));
    const fiberSum = new Float32Array(accumulatorRows * modelWidth);
    const boundarySum = new Float32Array(accumulatorRows * modelWidth);
    const weightSum = new Float32Array(accumulatorRows * modelWidth);
    let accumulatorTop = bands[0]?.origin ?? 0;
    const resampler =
      resolution === "input"
        ? createRowResampler(modelWidth, modelHeight, width, height, 2)
        : createRowResampler(modelWidth, modelHeight, modelWidth, modelHeight, 2);
    const columnIndexes = columns.map((column) =>
      Int32Array.from({ length: column.size }, (_, c) =>
        reflectIndex(column.origin + c, modelWidth),
      ),
    );
    const weightsBySize = new Map<number, Float32Array>();
    const featherWeights = (size: number): Float32Array => {
      let weights = weightsBySize.get(size);
      if (!weights) {
        weights = computeFeatherWeights(size, tileOverlap);
        weightsBySize.set(size, weights);
      }
      return weights;
    };
    const tensorBuffers = new Map<string, Float32Array>();
    let tilesDone = 0;

    for (let j = 0; j < bands.length; j++) {
      const band = bands[j] as (typeof bands)[number];
      const sourceRows = Int32Array.from({ length: band.size }, (_, r) =>
        reflectIndex(band.origin + r, modelHeight),
      );
      const firstRow = Math.min(...sourceRows);
      const lastRow = Math.max(...sourceRows);
      const rgb = await source.readRows(firstRow, lastRow - firstRow + 1);
      const weightsY = featherWeights(band.size);

      for (let i = 0; i < columns.length; i++) {
        signal?.throwIfAborted();
        const column = columns[i] as (typeof columns)[number];
        const columnIndex = columnIndexes[i] as Int32Array;
        const tileHeight = band.size;
        const tileWidth = column.size;
        const planeSize = tileHeight * tileWidth;
        const key = `${tileHeight}x${tileWidth}`;
        let data = tensorBuffers.get(key);
        if (!data) {
          data = new Float32Array(3 * planeSize);
          tensorBuffers.set(key, data);
        }
        fillTileTensor(data, rgb, sourceRows, firstRow, modelWidth, columnIndex, tables);
        const runStarted = performance.now();
        const outputs = await model.session.run({
          [model.inputName]: new Tensor("float32", data, [1, 3, tileHeight, tileWidth]),
        });
        inferenceMs += performance.now() - runStarted;
        const output = outputs[model.outputName];
        if (output?.type !== "float32") {
          throw new Error(`model output "${model.outputName}" is missing or not float32`);
        }
        const dims = output.dims;
        if (dims[1] !== classCount || dims[2] !== tileHeight || dims[3] !== tileWidth) {
          throw new Error(
            `model output has shape [${dims.join(", ")}] for a ${tileHeight}×${tileWidth} tile; expected [1, ${classCount}, ${tileHeight}, ${tileWidth}]`,
          );
        }
        const logits = output.data as Float32Array;
        const weightsX = featherWeights(tileWidth);

        accumulateTile(logits, tileWidth, tileHeight, classCount, model.classIndex, {
          fiberSum,
          boundarySum,
          weightSum,
          top: band.origin - accumulatorTop,
          originY: band.origin,
          left: column.origin,
          width: modelWidth,
          height: modelHeight - accumulatorTop,
          weightsX,
          weightsY,
        });
        tilesDone++;
        onProgress?.({ tilesDone, tilesTotal });
      }

      // Rows above the next band's origin get no more contributions.
      const nextTop = bands[j + 1]?.origin ?? accumulatorTop + accumulatorRows;
      const start = Math.max(0, accumulatorTop);
      const end = Math.min(modelHeight, nextTop);
      if (end > start) {
        const count = end - start;
        const fiber = new Uint8Array(count * modelWidth);
        const boundary = new Uint8Array(count * modelWidth);
        const offset = (start - accumulatorTop) * modelWidth;
        for (let k = 0; k < count * modelWidth; k++) {
          const w = weightSum[offset + k] as number;
          if (w > 0) {
            const scale = 255 / w;
            fiber[k] = roundNonNegative((fiberSum[offset + k] as number) * scale);
            boundary[k] = roundNonNegative((boundarySum[offset + k] as number) * scale);
          }
        }
        const emitted = resampler.push({
          top: start,
          count,
          width: modelWidth,
          planes: [fiber, boundary],
        });
        if (emitted) await onRows(emitted);
      }
      const shift = (nextTop - accumulatorTop) * modelWidth;
      for (const buffer of [fiberSum, boundarySum, weightSum]) {
        buffer.copyWithin(0, shift);
        buffer.fill(0, buffer.length - shift);
      }
      accumulatorTop = nextTop;
    }
  } finally {
    await source.close();
  }
  const isInput = resolution === "input";
  return {
    width: isInput ? width : modelWidth,
    height: isInput ? height : modelHeight,
    inputWidth: width,
    inputHeight: height,
    modelWidth,
    modelHeight,
    tileSize,
    tileOverlap,
    tileCount: tilesTotal,
    timings: { decodeMs, inferenceMs, totalMs: performance.now() - started },
  };
}

export interface ProbabilityMaps extends TiledInferenceSummary {
  /** Fiber probability ×255, row-major `width · height`. */
  fiber: Uint8Array;
  /** Boundary probability ×255. */
  boundary: Uint8Array;
}

export interface CollectProbabilityMapsOptions extends RunTiledInferenceOptions {
  /**
   * Refuse to collect maps larger than this (both maps together, bytes): whole
   * sections beyond it must stream through `runTiledInference`.
   * @default 1 GiB
   */
  maxBytes?: number;
}

/** Runs `runTiledInference` and returns both maps whole. */
export async function collectProbabilityMaps(
  model: SegmentationModel,
  input: ImageInput,
  options: CollectProbabilityMapsOptions,
): Promise<ProbabilityMaps> {
  const { maxBytes = 1024 ** 3, resolution = "input" } = options;
  const { width, height } = await readImageSize(input);
  let outWidth = width;
  let outHeight = height;
  if (resolution === "model") {
    const scale = checkScale(options.imageMpp, model.metadata.mpp);
    outWidth = Math.max(1, Math.round(width * scale));
    outHeight = Math.max(1, Math.round(height * scale));
  }
  if (2 * outWidth * outHeight > maxBytes) {
    throw new SegmentationInputError(
      `probability maps of ${outWidth}×${outHeight} px need ${2 * outWidth * outHeight} bytes, over the ${maxBytes}-byte limit; stream them with runTiledInference instead`,
    );
  }
  const fiber = new Uint8Array(outWidth * outHeight);
  const boundary = new Uint8Array(outWidth * outHeight);
  const summary = await runTiledInference(
    model,
    input,
    (rows) => {
      fiber.set(rows.planes[0] as Uint8Array, rows.top * rows.width);
      boundary.set(rows.planes[1] as Uint8Array, rows.top * rows.width);
    },
    options,
  );
  return { ...summary, fiber, boundary };
}
