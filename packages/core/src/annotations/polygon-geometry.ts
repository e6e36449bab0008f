/**
 * @module annotations/polygon-geometry
 * The one geometry annotations store: a GeoJSON Polygon in level-0 pixels of
 * the section image, y down (QuPath's convention), and its validation.
 */
import { z } from "zod";
import { AppError } from "../errors/app-error.ts";

export type Position = [number, number];

export interface PolygonGeometry {
  type: "Polygon";
  /** Outer ring first, then holes; every ring closed (last position = first). */
  coordinates: Position[][];
}

const position = z.tuple([z.number(), z.number()]);

/** Shape-only schema for API input; `validatePolygon` checks the rest. */
export const polygonGeometrySchema = z.object({
  type: z.literal("Polygon"),
  coordinates: z.array(z.array(position).max(100_000)).min(1).max(1_000),
});

export interface ValidatePolygonOptions {
  /** Image width in level-0 pixels. */
  width: number;
  /** Image height in level-0 pixels. */
  height: number;
  /**
   * How far outside the image a vertex may lie, in pixels; such vertices are
   * clamped onto the border (drawing tools and QuPath round a little past it).
   * @default 2
   */
  tolerancePx?: number;
  /**
   * Most vertices over all rings.
   * @default 20000
   */
  maxVertices?: number;
  /**
   * Rings with at most this many vertices are checked for edges that cross
   * (O(n²)); longer rings are not checked.
   * @default 4000
   */
  maxVerticesForCrossingCheck?: number;
}

function bad(message: string): AppError {
  return new AppError("BAD_REQUEST", message);
}

function isFinitePosition(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1])
  );
}

/** Whether segments p1p2 and p3p4 cross at a point inside both (touching ends do not count). */
function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const orient = (p: Position, q: Position, r: Position) =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

function findCrossing(ring: Position[]): number {
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    const a = ring[i] as Position;
    const b = ring[i + 1] as Position;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (segmentsCross(a, b, ring[j] as Position, ring[j + 1] as Position)) return i;
    }
  }
  return -1;
}

/**
 * Checks that `geometry` is a usable annotation polygon of an image of the
 * given size and returns it normalised: positions reduced to [x, y], vertices
 * within the tolerance clamped onto the image.
 * @throws AppError BAD_REQUEST saying what is wrong (ring and vertex index).
 */
export function validatePolygon(
  geometry: unknown,
  options: ValidatePolygonOptions,
): PolygonGeometry {
  const { width, height, tolerancePx = 2, maxVertices = 20_000 } = options;
  const { maxVerticesForCrossingCheck = 4_000 } = options;
  if (!(width > 0) || !(height > 0)) {
    throw new RangeError(`width and height must be positive, got ${width}×${height}`);
  }
  if (typeof geometry !== "object" || geometry === null) throw bad("geometry must be an object");
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type !== "Polygon") throw bad(`geometry type must be Polygon, got ${String(type)}`);
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    throw bad("a polygon needs at least one ring");
  }
  const vertexCount = coordinates.reduce(
    (sum: number, ring: unknown) => sum + (Array.isArray(ring) ? ring.length : 0),
    0,
  );
  if (vertexCount > maxVertices) {
    throw bad(`a polygon may have at most ${maxVertices} vertices, got ${vertexCount}`);
  }
  const rings: Position[][] = [];
  coordinates.forEach((ring: unknown, r: number) => {
    if (!Array.isArray(ring)) throw bad(`ring ${r} must be an array of positions`);
    const out: Position[] = [];
    ring.forEach((p: unknown, i: number) => {
      if (!isFinitePosition(p)) throw bad(`ring ${r}, vertex ${i} must be two finite numbers`);
      const [x, y] = p as [number, number];
      if (
        x < -tolerancePx ||
        y < -tolerancePx ||
        x > width + tolerancePx ||
        y > height + tolerancePx
      ) {
        throw bad(
          `ring ${r}, vertex ${i} (${x}, ${y}) lies outside the ${width}×${height} px image`,
        );
      }
      out.push([Math.min(width, Math.max(0, x)), Math.min(height, Math.max(0, y))]);
    });
    const first = out[0];
    const last = out[out.length - 1];
    if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
      throw bad(`ring ${r} is not closed (its last position must equal its first)`);
    }
    const distinct = new Set(out.map(([x, y]) => `${x},${y}`));
    if (distinct.size < 3)
      throw bad(`ring ${r} needs at least 3 distinct points, got ${distinct.size}`);
    if (out.length - 1 <= maxVerticesForCrossingCheck) {
      const at = findCrossing(out);
      if (at >= 0) throw bad(`ring ${r} crosses itself (at edge ${at})`);
    }
    rings.push(out);
  });
  return { type: "Polygon", coordinates: rings };
}

/** A closed GeoJSON ring from a flat `[x0, y0, x1, y1, …]` outline (as traced contours are). */
export function toClosedRing(flat: ArrayLike<number>): Position[] {
  const ring: Position[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    ring.push([flat[i] as number, flat[i + 1] as number]);
  const first = ring[0];
  if (first) ring.push([first[0], first[1]]);
  return ring;
}
