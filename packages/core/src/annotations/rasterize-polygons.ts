/**
 * @module annotations/rasterize-polygons
 * Scanline fill of annotation polygons into a label image: pixel (x, y) gets a
 * polygon's label when its centre (x + ½, y + ½) is inside by the even-odd rule
 * over all rings (holes stay empty). Contours traced on pixel edges
 * (`geometry/trace-label-contours`) fill back to exactly their pixels.
 */
import type { PolygonGeometry, Position } from "./polygon-geometry.ts";

export interface LabeledPolygon {
  /** Value written for the polygon's pixels, 1…65535 (uint16) or 1…2³²−1 (uint32). */
  label: number;
  polygon: PolygonGeometry;
}

export interface RasterizePolygonsOptions {
  width: number;
  height: number;
  /**
   * Image pixel that becomes raster pixel (0, 0), for rasterizing a window.
   * @default [0, 0]
   */
  origin?: readonly [number, number];
  /**
   * Output type; uint16 is what 16-bit label PNGs hold.
   * @default "uint16"
   */
  arrayType?: "uint16" | "uint32";
}

/**
 * Fills `polygons` in order (later ones overwrite earlier ones where they
 * overlap) into a fresh `width × height` label array.
 */
export function rasterizePolygons(
  polygons: readonly LabeledPolygon[],
  options: RasterizePolygonsOptions,
): Uint16Array | Uint32Array {
  const { width, height, origin = [0, 0], arrayType = "uint16" } = options;
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`width must be a positive integer, got ${width}`);
  }
  if (!Number.isInteger(height) || height < 1) {
    throw new RangeError(`height must be a positive integer, got ${height}`);
  }
  const maxLabel = arrayType === "uint16" ? 0xffff : 0xffffffff;
  const out =
    arrayType === "uint16" ? new Uint16Array(width * height) : new Uint32Array(width * height);
  const crossings: number[] = [];
  for (const [index, { label, polygon }] of polygons.entries()) {
    if (!Number.isInteger(label) || label < 1 || label > maxLabel) {
      throw new RangeError(
        `polygons[${index}].label must be an integer in 1…${maxLabel}, got ${label}`,
      );
    }
    const rings = polygon.coordinates.map((ring) =>
      ring.map(([x, y]): Position => [x - origin[0], y - origin[1]]),
    );
    let minY = Number.POSITIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const ring of rings) {
      for (const [, y] of ring) {
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    const rowStart = Math.max(0, Math.ceil(minY - 0.5));
    const rowEnd = Math.min(height - 1, Math.floor(maxY - 0.5));
    for (let row = rowStart; row <= rowEnd; row++) {
      const cy = row + 0.5;
      crossings.length = 0;
      for (const ring of rings) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const [x0, y0] = ring[i] as Position;
          const [x1, y1] = ring[i + 1] as Position;
          // Half-open in y, so a vertex on the scanline is counted once.
          if ((y0 <= cy && cy < y1) || (y1 <= cy && cy < y0)) {
            crossings.push(x0 + ((cy - y0) * (x1 - x0)) / (y1 - y0));
          }
        }
      }
      crossings.sort((a, b) => a - b);
      for (let k = 0; k + 1 < crossings.length; k += 2) {
        const start = Math.max(0, Math.ceil((crossings[k] as number) - 0.5));
        const end = Math.min(width, Math.ceil((crossings[k + 1] as number) - 0.5));
        if (end > start) out.fill(label, row * width + start, row * width + end);
      }
    }
  }
  return out;
}
