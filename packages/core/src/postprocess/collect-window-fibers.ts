/**
 * @module postprocess/collect-window-fibers
 * The fiber pass of the tiled post-processing on one tile: find the
 * candidates on a window around the tile (`findFiberCandidates`), keep those
 * the tile owns, measure them and apply the size, circularity and edge
 * filters, exactly as the whole-image post-processing does.
 *
 * A candidate belongs to the tile holding its first pixel (top row, leftmost
 * pixel), so every candidate is handled once, and in the whole image's
 * raster order when tiles are sorted by that pixel. The window reaches
 * `haloPx` beyond the tile to the left, right and below and `2·growSteps + 2`
 * above (a candidate starts in the tile, and its growth looks at most
 * 2·growSteps pixels away). A candidate is measured only when its pixels
 * stay 2·growSteps + 1 away from every window side that is not the image
 * border: then labelling and growth saw everything they would see on the
 * whole image. Larger candidates are counted as oversized and dropped, or
 * handed back (`isDeferringLarge`) for a larger window around them.
 */
import type { FiberFeatures } from "../features/fiber-features.ts";
import { measureFibers } from "../features/measure-fibers.ts";
import type { FiberRunTable } from "./fiber-run-table.ts";
import { findFiberCandidates } from "./find-fiber-candidates.ts";
import type { PostprocessParams } from "./postprocess-params.ts";

export interface FiberWindow {
  /** Window position and size in the image, px. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The tile the window is around: columns x0…x1−1, rows y0…y1−1. */
  tile: { x0: number; y0: number; x1: number; y1: number };
  fiberProb: Uint8Array;
  boundaryProb?: Uint8Array;
}

export interface WindowFiberCounts {
  candidates: number;
  removedBySize: number;
  removedByCircularity: number;
  removedAtEdge: number;
  removedAsOversized: number;
}

/** A kept fiber in image coordinates, with its first pixel's raster index. */
export interface CollectedFiber {
  features: FiberFeatures;
  firstIndex: number;
  firstX: number;
  firstY: number;
}

export interface CollectWindowFibersOptions {
  imageWidth: number;
  imageHeight: number;
  mpp: number;
  fibers: PostprocessParams["fibers"];
  withContours: boolean;
  /** Receives the kept fibers' runs, numbered from `firstFiberIndex`. */
  runs: FiberRunTable;
  firstFiberIndex: number;
  /**
   * Return owned candidates that do not fit the window in `deferred` (to be measured
   * on a larger window) instead of counting them as oversized.
   * @default false
   */
  isDeferringLarge?: boolean;
}

/** Moves a window's measurement to image coordinates. */
function offsetFeatures(features: FiberFeatures, dx: number, dy: number): FiberFeatures {
  const moved: FiberFeatures = {
    ...features,
    feretX: features.feretX + dx,
    feretY: features.feretY + dy,
    centroidX: features.centroidX + dx,
    centroidY: features.centroidY + dy,
    bbox: { ...features.bbox, x: features.bbox.x + dx, y: features.bbox.y + dy },
  };
  if (features.contour) {
    const contour = features.contour.slice();
    for (let k = 0; k < contour.length; k += 2) {
      contour[k] = (contour[k] as number) + dx;
      contour[k + 1] = (contour[k + 1] as number) + dy;
    }
    moved.contour = contour;
  }
  return moved;
}

/** Finds, measures and filters the candidates the window's tile owns. */
export function collectWindowFibers(
  window: FiberWindow,
  options: CollectWindowFibersOptions,
): {
  fibers: CollectedFiber[];
  counts: WindowFiberCounts;
  /** First pixels (image coordinates) of the owned candidates that did not fit. */
  deferred: { x: number; y: number }[];
} {
  const { width, height, tile } = window;
  const { imageWidth, imageHeight, mpp, fibers: params, runs } = options;
  const found = findFiberCandidates(
    {
      fiberProb: window.fiberProb,
      ...(window.boundaryProb && { boundaryProb: window.boundaryProb }),
      width,
      height,
    },
    params,
    mpp,
  );
  const { componentLabels, labels, count } = found;
  const margin = 2 * found.growSteps + 1;
  const first = new Int32Array(count + 1).fill(-1);
  const minX = new Int32Array(count + 1).fill(width);
  const maxX = new Int32Array(count + 1).fill(-1);
  const maxY = new Int32Array(count + 1).fill(-1);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const label = componentLabels[i] as number;
      if (label === 0) continue;
      if ((first[label] as number) < 0) first[label] = i;
      if (x < (minX[label] as number)) minX[label] = x;
      if (x > (maxX[label] as number)) maxX[label] = x;
      maxY[label] = y;
    }
  }
  const left = window.x > 0 ? margin : 0;
  const right = window.x + width < imageWidth ? width - 1 - margin : width - 1;
  const bottom = window.y + height < imageHeight ? height - 1 - margin : height - 1;
  const isMeasured = new Uint8Array(count + 1);
  const deferred: { x: number; y: number }[] = [];
  const counts: WindowFiberCounts = {
    candidates: 0,
    removedBySize: 0,
    removedByCircularity: 0,
    removedAtEdge: 0,
    removedAsOversized: 0,
  };
  for (let label = 1; label <= count; label++) {
    const index = first[label] as number;
    const fx = window.x + (index % width);
    const fy = window.y + Math.floor(index / width);
    if (fx < tile.x0 || fx >= tile.x1 || fy < tile.y0 || fy >= tile.y1) continue;
    const isWhole =
      (minX[label] as number) >= left &&
      (maxX[label] as number) <= right &&
      (maxY[label] as number) <= bottom;
    if (!isWhole && options.isDeferringLarge === true) {
      deferred.push({ x: fx, y: fy });
      continue;
    }
    counts.candidates++;
    if (isWhole) isMeasured[label] = 1;
    else counts.removedAsOversized++;
  }
  // Only the owned candidates are measured; the rest of the window is context.
  const owned = new Int32Array(width * height);
  for (let i = 0; i < owned.length; i++) {
    const label = labels[i] as number;
    if (label !== 0 && isMeasured[label] === 1) owned[i] = label;
  }
  const measured = measureFibers(owned, { width, height, mpp, withContours: options.withContours });
  const fiberIndex = new Int32Array(count + 1).fill(-1);
  const kept: CollectedFiber[] = [];
  for (const fiber of measured) {
    // touchesEdge is the image's: an owned candidate stays clear of the window's inner sides.
    if (fiber.areaUm2 < params.minAreaUm2) counts.removedBySize++;
    else if (fiber.circularity < params.minCircularity) counts.removedByCircularity++;
    else if (params.isExcludingEdges && fiber.touchesEdge) counts.removedAtEdge++;
    else {
      const index = first[fiber.label] as number;
      const firstX = window.x + (index % width);
      const firstY = window.y + Math.floor(index / width);
      fiberIndex[fiber.label] = options.firstFiberIndex + kept.length;
      kept.push({
        features: offsetFeatures(fiber, window.x, window.y),
        firstIndex: firstY * imageWidth + firstX,
        firstX,
        firstY,
      });
    }
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      const label = owned[row + x] as number;
      const start = x;
      while (x < width && owned[row + x] === label) x++;
      if (label === 0) continue;
      const index = fiberIndex[label] as number;
      if (index >= 0) runs.add(index, window.y + y, window.x + start, window.x + x);
    }
  }
  return { fibers: kept, counts, deferred };
}
