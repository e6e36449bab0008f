/**
 * @module geometry/convex-hull
 * Convex hull of a flat point list (Andrew's monotone chain, O(n log n), or
 * O(n) for points already sorted by y then x).
 *
 * The vertex order copies ImageJ's `FloatPolygon.getConvexHull` (gift wrap):
 * start at the topmost point (smallest y, then smallest x) and run
 * counterclockwise as seen on screen (y down), without collinear points. Feret
 * tie-breaking depends on that order (see `feret-diameters.ts`).
 */

/** Twice the signed area of the triangle o, a, b. */
function cross(ox: number, oy: number, ax: number, ay: number, bx: number, by: number): number {
  return (ax - ox) * (by - oy) - (ay - oy) * (bx - ox);
}

/**
 * Returns the hull vertices as a flat `[x0, y0, x1, y1, …]` array (no closing
 * point). Duplicate points are allowed; one or two distinct points give a
 * degenerate hull of that many vertices.
 */
export function convexHull(points: ArrayLike<number>): Float64Array {
  const n = points.length >> 1;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const px = (i: number) => points[2 * i] as number;
  const py = (i: number) => points[2 * i + 1] as number;
  order.sort((a, b) => py(a) - py(b) || px(a) - px(b));
  const sorted = new Float64Array(2 * n);
  for (let t = 0; t < n; t++) {
    sorted[2 * t] = px(order[t] as number);
    sorted[2 * t + 1] = py(order[t] as number);
  }
  return convexHullOfSorted(sorted);
}

/**
 * `convexHull` of points already sorted by y, then x (e.g. the left and right
 * ends of a region's rows, top to bottom), in O(n).
 */
export function convexHullOfSorted(points: ArrayLike<number>): Float64Array {
  const n = points.length >> 1;
  if (n === 0) return new Float64Array(0);
  const px = (i: number) => points[2 * i] as number;
  const py = (i: number) => points[2 * i + 1] as number;
  // Two chains over the sorted points; dropping non-strict turns removes collinear points.
  const chain = new Uint32Array(2 * n + 1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    while (k >= 2) {
      const a = chain[k - 2] as number;
      const b = chain[k - 1] as number;
      if (cross(px(a), py(a), px(b), py(b), px(i), py(i)) > 0) break;
      k--;
    }
    chain[k++] = i;
  }
  const firstChain = k + 1;
  for (let i = n - 2; i >= 0; i--) {
    while (k >= firstChain) {
      const a = chain[k - 2] as number;
      const b = chain[k - 1] as number;
      if (cross(px(a), py(a), px(b), py(b), px(i), py(i)) > 0) break;
      k--;
    }
    chain[k++] = i;
  }
  // The last point repeats the first; all-identical points leave a chain of 1–2.
  let size = k > 1 ? k - 1 : k;
  if (size === 2) {
    const a = chain[0] as number;
    const b = chain[1] as number;
    if (px(a) === px(b) && py(a) === py(b)) size = 1;
  }

  // chain[0] is the first point in (y, x) order: ImageJ's start. Its chains turn
  // left in (x, y) terms, i.e. clockwise on screen; ImageJ goes the other way.
  const hull = new Float64Array(2 * size);
  for (let t = 0; t < size; t++) {
    const i = chain[(size - t) % size] as number;
    hull[2 * t] = px(i);
    hull[2 * t + 1] = py(i);
  }
  return hull;
}
