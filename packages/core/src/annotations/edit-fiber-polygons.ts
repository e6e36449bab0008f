/**
 * @module annotations/edit-fiber-polygons
 * Ground-truth editing of fiber outlines on the pixel grid: merging is the
 * union of the fibers' masks, splitting removes the pixels along a drawn line
 * and keeps the two largest pieces. Working on masks rather than polygon
 * boolean operations keeps results exactly what a label image would hold.
 */
import { AppError } from "../errors/app-error.ts";
import { closeBinary } from "../morphology/close-binary.ts";
import { labelComponents } from "../morphology/label-components.ts";
import { measurePolygonBounds } from "./measure-polygon.ts";
import type { PolygonGeometry, Position } from "./polygon-geometry.ts";
import { rasterizePolygons } from "./rasterize-polygons.ts";
import { traceLabelPolygons } from "./trace-mask-polygons.ts";

/** Largest window edited at once, in pixels per side. */
const MAX_WINDOW = 4096;

interface Window {
  origin: [number, number];
  width: number;
  height: number;
}

function windowAround(polygons: readonly PolygonGeometry[], margin: number): Window {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const polygon of polygons) {
    const b = measurePolygonBounds(polygon);
    minX = Math.min(minX, b.minX);
    minY = Math.min(minY, b.minY);
    maxX = Math.max(maxX, b.maxX);
    maxY = Math.max(maxY, b.maxY);
  }
  const x0 = Math.floor(minX) - margin;
  const y0 = Math.floor(minY) - margin;
  const width = Math.ceil(maxX) + margin - x0;
  const height = Math.ceil(maxY) + margin - y0;
  if (width > MAX_WINDOW || height > MAX_WINDOW) {
    throw new AppError(
      "BAD_REQUEST",
      `fibers to edit must fit in ${MAX_WINDOW}×${MAX_WINDOW} px, got ${width}×${height}`,
    );
  }
  return { origin: [x0, y0], width, height };
}

export interface MergeFiberPolygonsOptions {
  /**
   * Gaps up to about this many pixels between the fibers are bridged (a
   * morphological closing of the union), as segmented neighbours are usually
   * separated by a thin boundary.
   * @default 2
   */
  bridgePx?: number;
}

/** One outline covering all `polygons`, which must touch or nearly touch. */
export function mergeFiberPolygons(
  polygons: readonly PolygonGeometry[],
  options: MergeFiberPolygonsOptions = {},
): PolygonGeometry {
  const { bridgePx = 2 } = options;
  if (!Number.isInteger(bridgePx) || bridgePx < 0 || bridgePx > 20) {
    throw new RangeError(`bridgePx must be an integer in 0…20, got ${bridgePx}`);
  }
  if (polygons.length < 2) {
    throw new AppError("BAD_REQUEST", `merging needs at least two fibers, got ${polygons.length}`);
  }
  const w = windowAround(polygons, bridgePx + 1);
  const raster = rasterizePolygons(
    polygons.map((polygon) => ({ label: 1, polygon })),
    w,
  );
  let mask: Uint8Array = Uint8Array.from(raster, (v) => (v ? 1 : 0));
  if (bridgePx > 0) mask = closeBinary(mask, { ...w, radius: bridgePx, shape: "disk" });
  const { labels, count } = labelComponents(mask, { ...w, connectivity: 8 });
  if (count !== 1) {
    throw new AppError(
      "BAD_REQUEST",
      `the fibers do not touch (they form ${count} separate pieces); merge only neighbours`,
    );
  }
  const [traced] = traceLabelPolygons(labels, w);
  if (!traced) throw new AppError("BAD_REQUEST", "the merged fiber is empty");
  return traced.polygon;
}

export interface SplitFiberPolygonOptions {
  /**
   * Pixels whose centre lies within this distance of the line are cut away;
   * at least √½ so that the cut separates 4-connected pieces.
   * @default 0.75
   */
  cutHalfWidthPx?: number;
  /**
   * Smallest piece, in pixels, that counts as a fiber.
   * @default 4
   */
  minPiecePx?: number;
}

function distanceToSegment(px: number, py: number, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t =
    length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / length2));
  return Math.hypot(px - a[0] - t * dx, py - a[1] - t * dy);
}

/**
 * Cuts `polygon` along the polyline `line` (image pixels) and returns the two
 * largest pieces, largest first.
 */
export function splitFiberPolygon(
  polygon: PolygonGeometry,
  line: readonly Position[],
  options: SplitFiberPolygonOptions = {},
): [PolygonGeometry, PolygonGeometry] {
  const { cutHalfWidthPx = 0.75, minPiecePx = 4 } = options;
  if (!(cutHalfWidthPx >= Math.SQRT1_2) || cutHalfWidthPx > 20) {
    throw new RangeError(`cutHalfWidthPx must be in √½…20, got ${cutHalfWidthPx}`);
  }
  if (line.length < 2 || line.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) {
    throw new AppError("BAD_REQUEST", "the cut line needs at least two finite points");
  }
  const w = windowAround([polygon], 1);
  const raster = rasterizePolygons([{ label: 1, polygon }], w);
  const mask = Uint8Array.from(raster, (v) => (v ? 1 : 0));
  const [ox, oy] = w.origin;
  for (let y = 0; y < w.height; y++) {
    for (let x = 0; x < w.width; x++) {
      const i = y * w.width + x;
      if (!mask[i]) continue;
      const cx = ox + x + 0.5;
      const cy = oy + y + 0.5;
      for (let s = 0; s + 1 < line.length; s++) {
        if (
          distanceToSegment(cx, cy, line[s] as Position, line[s + 1] as Position) <= cutHalfWidthPx
        ) {
          mask[i] = 0;
          break;
        }
      }
    }
  }
  const { labels, count } = labelComponents(mask, { ...w, connectivity: 4 });
  const sizes = new Array<number>(count + 1).fill(0);
  for (const label of labels) if (label) sizes[label] = (sizes[label] ?? 0) + 1;
  const order = sizes
    .map((size, label) => ({ size, label }))
    .filter(({ label, size }) => label > 0 && size >= minPiecePx)
    .sort((a, b) => b.size - a.size);
  const [first, second] = order;
  if (!first || !second) {
    throw new AppError(
      "BAD_REQUEST",
      "the line does not cut the fiber in two; draw it across the fiber",
    );
  }
  const kept = Int32Array.from(labels, (v) => (v === first.label ? 1 : v === second.label ? 2 : 0));
  const traced = traceLabelPolygons(kept, w);
  const a = traced.find((t) => t.label === 1);
  const b = traced.find((t) => t.label === 2);
  if (!a || !b) throw new AppError("INTERNAL", "split pieces could not be traced");
  return [a.polygon, b.polygon];
}
