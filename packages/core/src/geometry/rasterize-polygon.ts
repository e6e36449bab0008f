/**
 * @module geometry/rasterize-polygon
 * Scanline fill of a polygon (all its rings, even-odd rule) into a raster:
 * pixel (x, y) is filled when its centre (x + 0.5, y + 0.5) lies inside, with
 * the half-open crossing rule of `isPointInPolygon`, so the two always agree
 * and polygons that share an edge never both fill a pixel.
 *
 * Coordinates are level-0 pixels of the section (pixel corners on integers, as
 * GeoJSON annotations and QuPath write them). `originX/originY` place the
 * raster inside that frame, so a crop of the section can be filled directly.
 * Cost: O(edges · log edges + filled pixels + rows of the polygon's bounds).
 */
import { getPolygonBounds, type PolygonRings } from "./polygon-rings.ts";

export type RasterArray = Uint8Array | Uint16Array | Uint32Array | Int32Array;

export interface RasterizePolygonOptions<T extends RasterArray> {
  /** Raster width in pixels. */
  width: number;
  /** Raster height in pixels. */
  height: number;
  /**
   * Value written into filled pixels.
   * @default 1
   */
  value?: number;
  /**
   * Raster to fill in place (`width × height`); a new Uint8Array when omitted.
   */
  into?: T;
  /**
   * Polygon x of the raster's left edge (a crop's left column).
   * @default 0
   */
  originX?: number;
  /**
   * Polygon y of the raster's top edge.
   * @default 0
   */
  originY?: number;
  /**
   * Fill only pixels that are still 0 (earlier polygons win overlaps).
   * @default false
   */
  isOnlyEmpty?: boolean;
}

interface Edge {
  /** First scanline centre at or below the edge's top, and the last one above its bottom. */
  rowStart: number;
  rowEnd: number;
  x0: number;
  y0: number;
  slope: number;
}

/** Fills `rings` into the raster and returns it (`into`, or a new Uint8Array). */
export function rasterizePolygon<T extends RasterArray = Uint8Array>(
  rings: PolygonRings,
  options: RasterizePolygonOptions<T>,
): T {
  const { width, height, value = 1, originX = 0, originY = 0, isOnlyEmpty = false } = options;
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`width must be a positive integer, got ${String(width)}`);
  }
  if (!Number.isInteger(height) || height < 1) {
    throw new RangeError(`height must be a positive integer, got ${String(height)}`);
  }
  if (!Number.isFinite(originX) || !Number.isFinite(originY)) {
    throw new RangeError(`originX/originY must be finite, got ${originX}, ${originY}`);
  }
  const raster = options.into ?? (new Uint8Array(width * height) as T);
  if (raster.length !== width * height) {
    throw new RangeError(
      `into must hold width × height = ${width * height} pixels, got ${raster.length}`,
    );
  }
  const bounds = getPolygonBounds(rings);
  if (!bounds) return raster;

  // Row r's centre is at polygon y = originY + r + 0.5; an edge from ya to yb (ya < yb)
  // crosses the centres with ya <= yc < yb.
  const edges: Edge[] = [];
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const [xi, yi] = ring[i] as readonly [number, number];
      const [xj, yj] = ring[j] as readonly [number, number];
      if (yi === yj) continue;
      const [xa, ya, yb] = yi < yj ? [xi, yi, yj] : [xj, yj, yi];
      const rowStart = Math.max(0, Math.ceil(ya - originY - 0.5));
      const rowEnd = Math.min(height - 1, Math.ceil(yb - originY - 0.5) - 1);
      if (rowStart > rowEnd) continue;
      edges.push({ rowStart, rowEnd, x0: xa, y0: ya, slope: (xj - xi) / (yj - yi) });
    }
  }
  edges.sort((a, b) => a.rowStart - b.rowStart);

  let active: Edge[] = [];
  let next = 0;
  const crossings: number[] = [];
  const firstRow = edges[0]?.rowStart ?? height;
  for (let row = firstRow; row < height; row++) {
    while (next < edges.length && (edges[next] as Edge).rowStart <= row) {
      active.push(edges[next] as Edge);
      next++;
    }
    active = active.filter((edge) => edge.rowEnd >= row);
    if (active.length === 0) {
      if (next >= edges.length) break;
      continue;
    }
    const yc = originY + row + 0.5;
    crossings.length = 0;
    for (const edge of active) crossings.push(edge.x0 + (yc - edge.y0) * edge.slope);
    crossings.sort((a, b) => a - b);
    const rowOffset = row * width;
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Pixels whose centre x + 0.5 + originX lies in [left, right).
      const x0 = Math.max(0, Math.ceil((crossings[k] as number) - originX - 0.5));
      const x1 = Math.min(width, Math.ceil((crossings[k + 1] as number) - originX - 0.5));
      if (isOnlyEmpty) {
        for (let x = x0; x < x1; x++)
          if (raster[rowOffset + x] === 0) raster[rowOffset + x] = value;
      } else if (x1 > x0) {
        raster.fill(value, rowOffset + x0, rowOffset + x1);
      }
    }
  }
  return raster;
}
