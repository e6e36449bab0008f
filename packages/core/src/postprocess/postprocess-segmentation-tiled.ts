/**
 * @module postprocess/postprocess-segmentation-tiled
 * The paper's post-processing (`postprocess-segmentation`) for sections of
 * any size in bounded memory, with the same results. Whole-image
 * post-processing holds ~30 bytes per pixel (7.5 GB at 256 MP); here memory
 * is set by the tile and band sizes plus what grows with the fibers and the
 * muscle mask's outline, not with the pixels:
 *
 * 1. fibers, tile by tile (`collectWindowFibers`): each tile reads a window
 *    of the probability maps from `source` reaching `typicalFiberExtentUm`
 *    beyond it, finds, measures and filters the fibers whose first pixel it
 *    holds, and keeps their pixels as runs (`fiber-run-table`); a candidate
 *    that does not fit is measured on a window of `maxFiberExtentUm` around it.
 *    Labels are numbered afterwards in raster order of first pixel, as on the
 *    whole image;
 * 2. muscle masks as row runs (`buildMuscleMaskRuns`: the closing and the
 *    whole-image area filters, all on runs); membership, shape filter and connective tissue
 *    areas follow from the fibers' first pixels and pixel counts;
 * 3. output bands: labels, muscle and connective masks, and the local
 *    thickness of the connective tissue on a window `thicknessHaloPx` taller
 *    each side, go to `onBand` in order.
 *
 * Where it can differ from the whole image: a candidate fiber wider or taller
 * than `maxFiberExtentUm` is dropped (`tiling.removedAsOversized`), and a
 * fiber next to such an oversized candidate may grow differently (the
 * window can see the oversized neighbour as two pieces). Local thickness is
 * exact because the muscle mask bounds it: connective tissue inside the
 * muscle mask is a closing gap (≤ √2·closingIterations from a fiber) or a
 * filled hole (< holeAreaPx), so no inscribed disk is wider than
 * `2·(√(holeAreaPx/π) + √2·closingIterations) + 6` px, and three radii of
 * halo cover every disk that can reach a band's rows.
 */

import { computeLocalThickness } from "../morphology/compute-local-thickness.ts";
import {
  countRowRunPixels,
  EMPTY_ROW_RUNS,
  includesRowRuns,
  paintRowRuns,
  type RowRuns,
} from "../morphology/row-runs.ts";
import { buildMuscleMaskRuns } from "./build-muscle-mask-runs.ts";
import {
  type CollectedFiber,
  collectWindowFibers,
  type WindowFiberCounts,
} from "./collect-window-fibers.ts";
import { createLapTimer } from "./create-lap-timer.ts";
import { createFiberRunTable, type IndexedFiberRuns } from "./fiber-run-table.ts";
import { countGrowSteps } from "./find-fiber-candidates.ts";
import { type PostprocessParams, parsePostprocessParams } from "./postprocess-params.ts";
import type {
  PostprocessedFiber,
  PostprocessOptions,
  PostprocessResult,
  PostprocessSummary,
} from "./postprocess-segmentation.ts";
import {
  createLocalThicknessSummarizer,
  type LocalThicknessSummary,
} from "./summarize-local-thickness.ts";

/** Probability maps of one window, row-major `width × height`. */
export interface ProbabilityWindowMaps {
  fiberProb: Uint8Array;
  boundaryProb?: Uint8Array;
}

/** Where the tiled post-processing reads the probability maps from, window by window. */
export interface ProbabilitySource {
  width: number;
  height: number;
  /** Pixel size of the maps, µm/px. */
  mpp: number;
  /** Whether `readWindow` returns a boundary map. */
  hasBoundary: boolean;
  readWindow(
    x: number,
    y: number,
    width: number,
    height: number,
  ): ProbabilityWindowMaps | Promise<ProbabilityWindowMaps>;
}

/** Rows `y … y + rows − 1` of the results, full width. */
export interface PostprocessBand {
  y: number;
  rows: number;
  width: number;
  /** Fibers in the whole result (labels run 1…fiberCount). */
  fiberCount: number;
  /** "Post processed" labels, the same values as the whole-image `labels`. */
  labels: Int32Array;
  /** 0/1 muscle mask. */
  muscleMask: Uint8Array;
  /** 0/1 connective tissue of the Segmentation mask. */
  connectiveMask: Uint8Array;
  /** Local thickness in µm (0 outside the connective tissue); null when disabled. */
  localThicknessUm: Float32Array | null;
}

export type TiledPostprocessStep = "fibers" | "muscle" | "bands";

export interface TiledPostprocessOptions extends PostprocessOptions {
  /**
   * Edge of the tiles of the fiber pass, px.
   * @default 2048
   */
  tileSize?: number;
  /**
   * Largest candidate fiber (width or height, µm) that is measured; larger ones are
   * dropped and counted. Windows reach this far around candidates that need it.
   * @default 400
   */
  maxFiberExtentUm?: number;
  /**
   * Extent (µm) that most fibers stay under: tile windows reach this far beyond the tile,
   * and candidates that do not fit get a window of `maxFiberExtentUm` of their own. Only
   * speed depends on it, not results.
   * @default 150
   */
  typicalFiberExtentUm?: number;
  /**
   * Pixels per output band (rows = this / width, at least 1).
   * @default 8_000_000
   */
  bandPixels?: number;
  /** Receives the result rows band by band, top to bottom; awaited. */
  onBand?: (band: PostprocessBand) => void | Promise<void>;
  onProgress?: (progress: { step: TiledPostprocessStep; done: number; total: number }) => void;
}

export interface TiledPostprocessSummary extends PostprocessSummary {
  tiling: {
    tileSize: number;
    /** How far windows reach beyond a tile (left, right, below), px. */
    fiberHaloPx: number;
    /** Rows above and below a band that its local thickness looks at. */
    thicknessHaloPx: number;
    bandRows: number;
    /** Candidates wider or taller than `maxFiberExtentUm`, dropped. */
    removedAsOversized: number;
    /** Candidates that needed a window of their own (over `typicalFiberExtentUm`). */
    measuredAlone: number;
  };
}

export interface TiledPostprocessResult {
  params: PostprocessResult["params"];
  /** One entry per fiber, sorted by label (1…n). */
  fibers: PostprocessedFiber[];
  summary: TiledPostprocessSummary;
}

function validateInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

function validateSource(source: ProbabilitySource): void {
  validateInteger("source.width", source.width, 1);
  validateInteger("source.height", source.height, 1);
  const { mpp } = source;
  if (typeof mpp !== "number" || !Number.isFinite(mpp) || mpp <= 0) {
    throw new RangeError(`source.mpp must be a finite number > 0 µm/px, got ${String(mpp)}`);
  }
}

/** Widest inscribed disk diameter the connective tissue of a muscle mask can hold, px. */
export function boundConnectiveThicknessPx(holeAreaPx: number, closingIterations: number): number {
  return 2 * Math.ceil(Math.sqrt(holeAreaPx / Math.PI) + Math.SQRT2 * closingIterations + 3);
}

/**
 * Rows above and below a band that its local thickness depends on: three of the widest
 * disk's radii (see the module comment); 0 when local thickness is off.
 */
export function computeThicknessHaloPx(params: PostprocessParams): number {
  if (!params.localThickness.isEnabled) return 0;
  const { holeAreaPx, closingIterations } = params.muscleMask;
  return 3 * (boundConnectiveThicknessPx(holeAreaPx, closingIterations) / 2) + 4;
}

/** Runs the paper's post-processing tile by tile and band by band; see the module comment. */
export async function postprocessSegmentationTiled(
  source: ProbabilitySource,
  params: unknown = {},
  options: TiledPostprocessOptions = {},
): Promise<TiledPostprocessResult> {
  validateSource(source);
  const { width, height, mpp } = source;
  const tileSize = validateInteger("tileSize", options.tileSize ?? 2048, 16);
  const bandPixels = validateInteger("bandPixels", options.bandPixels ?? 8_000_000, 1);
  const maxFiberExtentUm = options.maxFiberExtentUm ?? 400;
  if (!Number.isFinite(maxFiberExtentUm) || maxFiberExtentUm <= 0) {
    throw new RangeError(`maxFiberExtentUm must be > 0, got ${String(maxFiberExtentUm)}`);
  }
  const typicalFiberExtentUm = options.typicalFiberExtentUm ?? 150;
  if (!Number.isFinite(typicalFiberExtentUm) || typicalFiberExtentUm <= 0) {
    throw new RangeError(`typicalFiberExtentUm must be > 0, got ${String(typicalFiberExtentUm)}`);
  }
  const parsed = parsePostprocessParams(params);
  const { fibers: fiberParams, muscleMask: muscleParams, shapeFilter, localThickness } = parsed;
  if (localThickness.isEnabled && !muscleParams.isEnabled) {
    // Without a muscle mask the "connective tissue" is all background, whose thickness has no bound.
    throw new RangeError(
      "localThickness.isEnabled needs muscleMask.isEnabled in tiled post-processing: without a muscle mask the connective tissue is all background",
    );
  }
  const pixelCount = width * height;
  const pixelAreaUm2 = mpp * mpp;
  const { lap, timingsMs } = createLapTimer();

  // 1. Fibers, tile by tile.
  const growSteps = source.hasBoundary ? countGrowSteps(fiberParams, mpp) : 0;
  const above = 2 * growSteps + 2;
  const fiberHaloPx = Math.ceil(maxFiberExtentUm / mpp) + 2 * growSteps + 2;
  const runs = createFiberRunTable(height);
  const collected: CollectedFiber[] = [];
  const counts: WindowFiberCounts = {
    candidates: 0,
    removedBySize: 0,
    removedByCircularity: 0,
    removedAtEdge: 0,
    removedAsOversized: 0,
  };
  // Most fibers fit a window reaching `typicalFiberExtentUm` beyond the tile; the few that do not
  // are measured again on a window of the full halo around their first pixel.
  const smallHaloPx = Math.min(
    fiberHaloPx,
    Math.ceil(typicalFiberExtentUm / mpp) + 2 * growSteps + 2,
  );
  const collect = async (
    tile: { x0: number; y0: number; x1: number; y1: number },
    halo: number,
    isDeferringLarge: boolean,
  ) => {
    const x = Math.max(0, tile.x0 - halo);
    const y = Math.max(0, tile.y0 - above);
    const windowWidth = Math.min(width, tile.x1 + halo) - x;
    const windowHeight = Math.min(height, tile.y1 + halo) - y;
    const maps = await source.readWindow(x, y, windowWidth, windowHeight);
    const found = collectWindowFibers(
      { ...maps, x, y, width: windowWidth, height: windowHeight, tile },
      {
        imageWidth: width,
        imageHeight: height,
        mpp,
        fibers: fiberParams,
        withContours: options.withContours === true,
        runs,
        firstFiberIndex: collected.length,
        isDeferringLarge,
      },
    );
    for (const fiber of found.fibers) collected.push(fiber);
    for (const key of Object.keys(counts) as (keyof WindowFiberCounts)[]) {
      counts[key] += found.counts[key];
    }
    return found.deferred;
  };
  const tilesX = Math.ceil(width / tileSize);
  const tilesY = Math.ceil(height / tileSize);
  let deferredCount = 0;
  for (let ty = 0; ty < tilesY; ty++) {
    for (let tx = 0; tx < tilesX; tx++) {
      const tile = {
        x0: tx * tileSize,
        y0: ty * tileSize,
        x1: Math.min(width, (tx + 1) * tileSize),
        y1: Math.min(height, (ty + 1) * tileSize),
      };
      const deferred = await collect(tile, smallHaloPx, smallHaloPx < fiberHaloPx);
      for (const { x, y } of deferred) {
        // A one-pixel tile at the candidate's first pixel: it alone is owned there.
        await collect({ x0: x, y0: y, x1: x + 1, y1: y + 1 }, fiberHaloPx, false);
      }
      deferredCount += deferred.length;
      options.onProgress?.({ step: "fibers", done: ty * tilesX + tx + 1, total: tilesX * tilesY });
    }
  }
  // Labels 1…n in raster order of first pixel, as the whole image numbers them.
  const order = collected.map((_, index) => index);
  order.sort(
    (a, b) =>
      (collected[a] as CollectedFiber).firstIndex - (collected[b] as CollectedFiber).firstIndex,
  );
  const labelOf = new Int32Array(collected.length);
  order.forEach((index, rank) => {
    labelOf[index] = rank + 1;
  });
  const fiberRuns = runs.index();
  lap("fibers");

  // 2. Muscle masks as row runs; memberships from each fiber's first pixel.
  const bandRows = Math.max(1, Math.floor(bandPixels / width));
  const fullRow = Int32Array.of(0, width);
  const imageLimitPx = muscleParams.minAreaImageFraction * pixelCount;
  const minPieceAreaPx = Math.min(muscleParams.minAreaUm2 / pixelAreaUm2, imageLimitPx);
  /** The muscle mask of the fibers with `isIncluded[fiber]` (all when null), as row runs. */
  const buildMuscleRuns = (isIncluded: Uint8Array | null, minPiece: number): RowRuns[] => {
    if (!muscleParams.isEnabled) return new Array<RowRuns>(height).fill(fullRow);
    const fiberRows: RowRuns[] = new Array(height);
    const starts: number[] = [];
    const ends: number[] = [];
    for (let y = 0; y < height; y++) {
      starts.length = 0;
      ends.length = 0;
      fiberRuns.forEachRun(y, (fiber, x0, x1) => {
        if (isIncluded !== null && isIncluded[fiber] !== 1) return;
        starts.push(x0);
        ends.push(x1);
      });
      fiberRows[y] = mergeRuns(starts, ends);
    }
    return buildMuscleMaskRuns(fiberRows, {
      width,
      closingIterations: muscleParams.closingIterations,
      holeAreaPx: muscleParams.holeAreaPx,
      minPieceAreaPx: minPiece,
    });
  };
  const muscleRuns = buildMuscleRuns(null, minPieceAreaPx);
  options.onProgress?.({ step: "muscle", done: 1, total: 2 });
  const isInMuscle = new Uint8Array(collected.length);
  const passesShape = new Uint8Array(collected.length);
  const fibers: PostprocessedFiber[] = new Array(collected.length);
  let segmentationFiberPx = 0;
  let shapeFiberPx = 0;
  collected.forEach((fiber, index) => {
    const isInMuscleMask = includesRowRuns(muscleRuns[fiber.firstY] as RowRuns, fiber.firstX);
    const { circularity, areaPx } = fiber.features;
    const passesShapeFilter =
      isInMuscleMask &&
      circularity >= shapeFilter.minCircularity &&
      circularity <= shapeFilter.maxCircularity;
    isInMuscle[index] = isInMuscleMask ? 1 : 0;
    passesShape[index] = passesShapeFilter ? 1 : 0;
    if (isInMuscleMask) segmentationFiberPx += areaPx;
    if (passesShapeFilter) shapeFiberPx += areaPx;
    const label = labelOf[index] as number;
    fibers[label - 1] = { ...fiber.features, label, isInMuscleMask, passesShapeFilter };
  });
  // The Shape Filter's muscle mask: the closing of its own fibers, gaps filled, no piece filter.
  const shapeMuscleRuns = buildMuscleRuns(passesShape, 0);
  options.onProgress?.({ step: "muscle", done: 2, total: 2 });
  let muscleAreaPx = 0;
  let shapeMuscleAreaPx = 0;
  for (let y = 0; y < height; y++) {
    muscleAreaPx += countRowRunPixels(muscleRuns[y] as RowRuns);
    shapeMuscleAreaPx += countRowRunPixels(shapeMuscleRuns[y] as RowRuns);
  }
  lap("muscleMask");

  // 3. Bands: labels, masks and local thickness.
  const thicknessHaloPx = computeThicknessHaloPx(parsed);
  const summarizer = localThickness.isEnabled
    ? createLocalThicknessSummarizer(localThickness.histogramBinUm)
    : null;
  const bandCount = Math.ceil(height / bandRows);
  for (let band = 0; band < bandCount; band++) {
    const y0 = band * bandRows;
    const y1 = Math.min(height, y0 + bandRows);
    const top = Math.max(0, y0 - thicknessHaloPx);
    const bottom = Math.min(height, y1 + thicknessHaloPx);
    const connective = paintConnective(muscleRuns, fiberRuns, isInMuscle, width, top, bottom);
    const coreStart = (y0 - top) * width;
    const coreEnd = (y1 - top) * width;
    let thickness: Float32Array | null = null;
    if (summarizer !== null) {
      const all = computeLocalThickness(connective, {
        width,
        height: bottom - top,
        pixelSize: mpp,
      });
      thickness = all.slice(coreStart, coreEnd);
      summarizer.add(thickness);
    }
    if (options.onBand) {
      const rows = y1 - y0;
      const labels = new Int32Array(rows * width);
      const muscleMask = new Uint8Array(rows * width);
      for (let y = y0; y < y1; y++) {
        const at = (y - y0) * width;
        paintRowRuns(muscleRuns[y] as RowRuns, muscleMask, at);
        fiberRuns.forEachRun(y, (fiber, x0, x1) => {
          labels.fill(labelOf[fiber] as number, at + x0, at + x1);
        });
      }
      await options.onBand({
        y: y0,
        rows,
        width,
        fiberCount: fibers.length,
        labels,
        muscleMask,
        connectiveMask: connective.slice(coreStart, coreEnd),
        localThicknessUm: thickness,
      });
    }
    options.onProgress?.({ step: "bands", done: band + 1, total: bandCount });
  }
  const thicknessSummary: LocalThicknessSummary | null = summarizer?.finish() ?? null;
  lap("bands");

  const segmentationTissuePx = muscleAreaPx - segmentationFiberPx;
  const shapeTissuePx = shapeMuscleAreaPx - shapeFiberPx;
  const summary: TiledPostprocessSummary = {
    paramsVersion: parsed.version,
    width,
    height,
    mpp,
    counts: {
      candidates: counts.candidates,
      removedBySize: counts.removedBySize,
      removedByCircularity: counts.removedByCircularity,
      removedAtEdge: counts.removedAtEdge,
      postProcessed: fibers.length,
      segmentation: isInMuscle.reduce((sum, value) => sum + value, 0),
      shapeFilter: passesShape.reduce((sum, value) => sum + value, 0),
    },
    muscleMinAreaUm2Applied: muscleParams.isEnabled ? minPieceAreaPx * pixelAreaUm2 : 0,
    connectiveTissue: {
      segmentation: {
        areaUm2: segmentationTissuePx * pixelAreaUm2,
        muscleAreaUm2: muscleAreaPx * pixelAreaUm2,
        fraction: muscleAreaPx === 0 ? 0 : segmentationTissuePx / muscleAreaPx,
      },
      shapeFilter: {
        areaUm2: shapeTissuePx * pixelAreaUm2,
        muscleAreaUm2: shapeMuscleAreaPx * pixelAreaUm2,
        fraction: shapeMuscleAreaPx === 0 ? 0 : shapeTissuePx / shapeMuscleAreaPx,
      },
    },
    localThickness: thicknessSummary,
    timingsMs,
    tiling: {
      tileSize,
      fiberHaloPx,
      thicknessHaloPx,
      bandRows,
      removedAsOversized: counts.removedAsOversized,
      measuredAlone: deferredCount,
    },
  };
  return { params: parsed, fibers, summary };
}

/** Rows top…bottom−1 of the Segmentation connective tissue: muscle minus its fibers. */
function paintConnective(
  muscleRuns: readonly RowRuns[],
  fiberRuns: IndexedFiberRuns,
  isInMuscle: Uint8Array,
  width: number,
  top: number,
  bottom: number,
): Uint8Array {
  const out = new Uint8Array((bottom - top) * width);
  for (let y = top; y < bottom; y++) {
    const at = (y - top) * width;
    paintRowRuns(muscleRuns[y] as RowRuns, out, at);
    fiberRuns.forEachRun(y, (fiber, x0, x1) => {
      if (isInMuscle[fiber] === 1) out.fill(0, at + x0, at + x1);
    });
  }
  return out;
}

/** Runs of one row from unsorted [start, end) pairs, merged where they overlap or touch. */
function mergeRuns(starts: number[], ends: number[]): RowRuns {
  if (starts.length === 0) return EMPTY_ROW_RUNS;
  const order = starts
    .map((_, k) => k)
    .sort((a, b) => (starts[a] as number) - (starts[b] as number));
  const out: number[] = [];
  for (const k of order) {
    const start = starts[k] as number;
    const end = ends[k] as number;
    const last = out.length - 1;
    if (last > 0 && start <= (out[last] as number)) out[last] = Math.max(out[last] as number, end);
    else out.push(start, end);
  }
  return Int32Array.from(out);
}
