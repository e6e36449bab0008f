/**
 * @module surveys/place-square-rois
 * Places N axis-aligned squares of a fixed size fully inside a region polygon
 * (outer ring plus holes, level-0 pixels), not overlapping each other,
 * deterministically from a seed: rejection sampling of the square's top-left
 * corner within the region's bounding box.
 */
import { createMulberry32 } from "./seeded-random.ts";

export interface SquareRoi {
  x: number;
  y: number;
  size: number;
}

export interface PlaceSquareRoisOptions {
  /** @default 5000 */
  maxAttempts?: number;
}

type Ring = readonly (readonly [number, number])[] | readonly (readonly number[])[];

function isInsideRings(rings: readonly Ring[], px: number, py: number): boolean {
  // Even–odd rule over all rings, so holes count as outside.
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi = 0, yi = 0] = ring[i] ?? [];
      const [xj = 0, yj = 0] = ring[j] ?? [];
      if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

function doSegmentsCross(
  a: readonly number[],
  b: readonly number[],
  c: readonly number[],
  d: readonly number[],
): boolean {
  const orient = (p: readonly number[], q: readonly number[], r: readonly number[]) =>
    Math.sign(
      ((q[0] ?? 0) - (p[0] ?? 0)) * ((r[1] ?? 0) - (p[1] ?? 0)) -
        ((q[1] ?? 0) - (p[1] ?? 0)) * ((r[0] ?? 0) - (p[0] ?? 0)),
    );
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

function isSquareInside(rings: readonly Ring[], x: number, y: number, size: number): boolean {
  const corners = [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
  ] as const;
  if (!corners.every(([cx, cy]) => isInsideRings(rings, cx, cy))) return false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const p = ring[i] ?? [];
      const q = ring[j] ?? [];
      const [px = 0, py = 0] = p;
      // A vertex strictly inside the square means the boundary dips into it.
      if (px > x && px < x + size && py > y && py < y + size) return false;
      for (let k = 0; k < 4; k++) {
        if (doSegmentsCross(p, q, corners[k] ?? [], corners[(k + 1) % 4] ?? [])) return false;
      }
    }
  }
  return true;
}

/**
 * `count` squares of side `size` px inside the polygon `rings` (GeoJSON Polygon
 * coordinates: outer ring first, then holes). Throws a RangeError when they do
 * not fit after `maxAttempts` tries.
 */
export function placeSquareRois(
  rings: readonly Ring[],
  size: number,
  count: number,
  seed: number,
  options: PlaceSquareRoisOptions = {},
): SquareRoi[] {
  if (!(size > 0) || !Number.isFinite(size)) throw new RangeError(`size must be > 0, got ${size}`);
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
  const outer = rings[0];
  if (!outer || outer.length < 3)
    throw new RangeError("rings must hold an outer ring of ≥ 3 points");
  const xs = outer.map((p) => p[0] ?? 0);
  const ys = outer.map((p) => p[1] ?? 0);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const spanX = Math.max(...xs) - minX - size;
  const spanY = Math.max(...ys) - minY - size;
  const placed: SquareRoi[] = [];
  if (count === 0) return placed;
  if (spanX < 0 || spanY < 0) {
    throw new RangeError(`a square of ${size} px does not fit in the region`);
  }
  const random = createMulberry32(seed);
  const maxAttempts = options.maxAttempts ?? 5000;
  for (let attempt = 0; attempt < maxAttempts && placed.length < count; attempt++) {
    const x = Math.round(minX + random() * spanX);
    const y = Math.round(minY + random() * spanY);
    const overlaps = placed.some(
      (s) => x < s.x + s.size && s.x < x + size && y < s.y + s.size && s.y < y + size,
    );
    if (!overlaps && isSquareInside(rings, x, y, size)) placed.push({ x, y, size });
  }
  if (placed.length < count) {
    throw new RangeError(
      `only ${placed.length} of ${count} non-overlapping squares of ${size} px fit in the region`,
    );
  }
  return placed;
}
