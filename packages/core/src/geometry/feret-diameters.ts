/**
 * @module geometry/feret-diameters
 * Maximum and minimum caliper widths of a convex polygon by rotating calipers
 * (Shamos 1978), O(n).
 *
 * Definitions follow ImageJ 1.x `ij/gui/Roi.java` `getFeretValues` (public
 * domain): Feret is the largest vertex-to-vertex distance of the convex hull;
 * MinFeret is, over the hull's edges, the smallest of the largest vertex
 * distances from that edge; FeretAngle is the angle of the diameter from its
 * leftmost end, counterclockwise as seen on screen, in [0, 180). ImageJ scans
 * vertex pairs (i < j) in hull order and keeps the first longest pair; ties (a
 * rectangle's two diagonals) are broken the same way here, so pass a hull in
 * ImageJ's order (`convex-hull.ts`).
 */

export interface FeretDiametersOptions {
  /**
   * Pixel width; lengths come out in its unit.
   * @default 1
   */
  pixelWidth?: number;
  /**
   * Pixel height.
   * @default pixelWidth
   */
  pixelHeight?: number;
}

export interface FeretDiameters {
  /** Maximum caliper width (calibrated). */
  feret: number;
  /** Degrees in [0, 180). */
  feretAngle: number;
  /** Minimum caliper width (calibrated). */
  minFeret: number;
  /** Ends of the Feret diameter in the hull's (uncalibrated) coordinates; (x1, y1) is the leftmost. */
  feretX1: number;
  feretY1: number;
  feretX2: number;
  feretY2: number;
}

/** Feret, MinFeret and Feret angle of a convex polygon given as flat coordinates. */
export function feretDiameters(
  hull: ArrayLike<number>,
  options: FeretDiametersOptions = {},
): FeretDiameters {
  const pw = options.pixelWidth ?? 1;
  const ph = options.pixelHeight ?? pw;
  const n = hull.length >> 1;
  if (n === 0) {
    return { feret: 0, feretAngle: 0, minFeret: 0, feretX1: 0, feretY1: 0, feretX2: 0, feretY2: 0 };
  }
  const x = (i: number) => hull[2 * i] as number;
  const y = (i: number) => hull[2 * i + 1] as number;
  const distanceSquared = (i: number, j: number) => {
    const dx = (x(i) - x(j)) * pw;
    const dy = (y(i) - y(j)) * ph;
    return dx * dx + dy * dy;
  };

  let bestI = 0;
  let bestJ = 0;
  let bestD2 = 0;
  const consider = (a: number, b: number) => {
    const i = Math.min(a, b);
    const j = Math.max(a, b);
    if (i === j) return;
    const d2 = distanceSquared(i, j);
    if (d2 > bestD2 || (d2 === bestD2 && (i < bestI || (i === bestI && j < bestJ)))) {
      bestD2 = d2;
      bestI = i;
      bestJ = j;
    }
  };

  let minFeret = 0;
  if (n === 2) {
    consider(0, 1);
  } else if (n > 2) {
    minFeret = Number.POSITIVE_INFINITY;
    // Twice the triangle area in pixel units: scaling the axes multiplies every
    // area by pw·ph, so the farthest vertex from an edge is the same either way
    // and integer hulls compare exactly.
    const area2 = (i: number, j: number, k: number) =>
      Math.abs((x(j) - x(i)) * (y(k) - y(i)) - (y(j) - y(i)) * (x(k) - x(i)));
    let j = 1;
    for (let i = 0; i < n; i++) {
      const i2 = (i + 1) % n;
      while (area2(i, i2, (j + 1) % n) > area2(i, i2, j)) j = (j + 1) % n;
      consider(i, j);
      consider(i2, j);
      const j2 = (j + 1) % n;
      if (area2(i, i2, j2) === area2(i, i2, j)) {
        consider(i, j2);
        consider(i2, j2);
      }
      const edge = Math.sqrt(distanceSquared(i, i2));
      const width = (area2(i, i2, j) * pw * ph) / edge;
      if (width < minFeret) minFeret = width;
    }
  }

  let p1 = bestI;
  let p2 = bestJ;
  if (x(p1) > x(p2)) [p1, p2] = [p2, p1];
  let angle = (180 / Math.PI) * Math.atan2((y(p1) - y(p2)) * ph, (x(p2) - x(p1)) * pw);
  if (angle < 0) angle += 180;
  return {
    feret: Math.sqrt(bestD2),
    feretAngle: angle + 0,
    minFeret,
    feretX1: x(p1),
    feretY1: y(p1),
    feretX2: x(p2),
    feretY2: y(p2),
  };
}
