/**
 * @module geometry/polygon-rings
 * A polygon as GeoJSON writes it (`Polygon.coordinates`): rings of [x, y]
 * points, the first the outline, the others holes; the closing point may or
 * may not repeat the first. Filled by the even-odd rule, so the ring order and
 * orientation do not matter.
 */

export type PolygonRings = readonly (readonly (readonly [number, number])[])[];

/** Bounding box of all rings' points; null for no points. */
export function getPolygonBounds(
  rings: PolygonRings,
): { minX: number; minY: number; maxX: number; maxY: number } | null {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return minX <= maxX ? { minX, minY, maxX, maxY } : null;
}

/**
 * The rings of a GeoJSON Polygon geometry (`{ type: "Polygon", coordinates }`),
 * or null when `geometry` is not one with finite coordinates and at least one
 * ring of three points or more.
 */
export function readPolygonRings(geometry: unknown): PolygonRings | null {
  if (geometry === null || typeof geometry !== "object") return null;
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type !== "Polygon" || !Array.isArray(coordinates) || coordinates.length === 0) return null;
  const rings: [number, number][][] = [];
  for (const ring of coordinates) {
    if (!Array.isArray(ring) || ring.length < 3) return null;
    const points: [number, number][] = [];
    for (const point of ring) {
      if (!Array.isArray(point)) return null;
      const [x, y] = point as unknown[];
      if (typeof x !== "number" || typeof y !== "number") return null;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
      points.push([x, y]);
    }
    rings.push(points);
  }
  return rings;
}
