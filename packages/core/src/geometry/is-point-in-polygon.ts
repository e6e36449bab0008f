/**
 * @module geometry/is-point-in-polygon
 * Even-odd point-in-polygon test (W. R. Franklin's PNPOLY crossing test) over
 * all rings, so holes are outside. Uses the same half-open rule as
 * `rasterizePolygon`, so a pixel is filled exactly when its centre tests inside.
 */
import type { PolygonRings } from "./polygon-rings.ts";

export function isPointInPolygon(x: number, y: number, rings: PolygonRings): boolean {
  let isInside = false;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const [xi, yi] = ring[i] as readonly [number, number];
      const [xj, yj] = ring[j] as readonly [number, number];
      if (yi <= y !== yj <= y) {
        const xCross = xi + ((y - yi) * (xj - xi)) / (yj - yi);
        if (x < xCross) isInside = !isInside;
      }
    }
  }
  return isInside;
}
