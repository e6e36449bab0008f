/**
 * @module geometry/simplify-contour
 * Ramer–Douglas–Peucker simplification of a closed pixel-edge outline, keeping
 * a subset of its vertices (so they stay on pixel corners) such that every
 * dropped vertex lies within `tolerancePx` of the simplified outline. A traced
 * outline's staircases (a corner every pixel along a diagonal) become straight
 * edges. Measured on the Cellpose fibers of the wcchu tile (~120 px across):
 * 300 corners per fiber lossless, 242 at 0.5 px, 122 at 0.71 px, 44 at 1 px
 * (area changed by 0.18 % on average), 22 at 1.5 px.
 */
import { removeCollinearVertices } from "./encode-contour.ts";

export interface SimplifyContourOptions {
  /**
   * Largest distance, in pixels, of a dropped vertex from the simplified outline;
   * 0 only removes collinear vertices (lossless).
   * @default 1
   */
  tolerancePx?: number;
}

/** Squared distance of point p from segment a–b. */
function squaredSegmentDistance(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSq = dx * dx + dy * dy;
  let t = lengthSq === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / lengthSq;
  t = Math.max(0, Math.min(1, t));
  const ex = px - (ax + t * dx);
  const ey = py - (ay + t * dy);
  return ex * ex + ey * ey;
}

/** Returns the simplified closed polygon (flat x, y pairs, no closing point). */
export function simplifyContour(
  polygon: Int32Array,
  options: SimplifyContourOptions = {},
): Int32Array {
  const { tolerancePx = 1 } = options;
  if (!(tolerancePx >= 0) || !Number.isFinite(tolerancePx)) {
    throw new RangeError(`tolerancePx must be a finite number ≥ 0, got ${String(tolerancePx)}`);
  }
  const corners = removeCollinearVertices(polygon);
  const n = corners.length / 2;
  if (tolerancePx === 0 || n <= 4) return corners;
  const x = (i: number) => corners[2 * (i % n)] as number;
  const y = (i: number) => corners[2 * (i % n) + 1] as number;
  // Split the ring at vertex 0 and the vertex farthest from it: two open chains.
  let far = 0;
  let farDistance = -1;
  for (let i = 1; i < n; i++) {
    const d = (x(i) - x(0)) ** 2 + (y(i) - y(0)) ** 2;
    if (d > farDistance) {
      farDistance = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[far] = 1;
  const toleranceSq = tolerancePx * tolerancePx;
  // Chains as index ranges on the ring (end may exceed n; indices are taken mod n).
  const stack: [number, number][] = [
    [0, far],
    [far, n],
  ];
  while (stack.length > 0) {
    const [start, end] = stack.pop() as [number, number];
    let worst = -1;
    let worstSq = toleranceSq;
    for (let i = start + 1; i < end; i++) {
      const d = squaredSegmentDistance(x(i), y(i), x(start), y(start), x(end), y(end));
      if (d > worstSq) {
        worstSq = d;
        worst = i;
      }
    }
    if (worst < 0) continue;
    keep[worst % n] = 1;
    stack.push([start, worst], [worst, end]);
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i] === 1) out.push(x(i), y(i));
  return Int32Array.from(out);
}
