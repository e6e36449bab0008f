/**
 * @module annotations/point-in-polygon
 * Even-odd point-in-polygon over all rings, so holes are outside.
 */
import type { PolygonGeometry, Position } from "./polygon-geometry.ts";

export function isPointInPolygon(
  point: readonly [number, number],
  polygon: PolygonGeometry,
): boolean {
  const [px, py] = point;
  let inside = false;
  for (const ring of polygon.coordinates) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as Position;
      const [xj, yj] = ring[j] as Position;
      if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
