/**
 * @module geometry/traced-perimeter
 * ImageJ's perimeter of a wand-traced outline: boundary length with each
 * non-adjacent corner cut short, so that diagonal staircases count about √2
 * per step instead of 2.
 *
 * Ported from ImageJ 1.x `ij/gui/PolygonRoi.java` `getTracedPerimeter`
 * (public domain). ImageJ notes the corner count depends slightly on the start
 * vertex; using the wand's own start (see `trace-wand-outline.ts`) reproduces it.
 */

export interface TracedPerimeterOptions {
  /**
   * Pixel width (µm per pixel along x).
   * @default 1
   */
  pixelWidth?: number;
  /**
   * Pixel height (µm per pixel along y).
   * @default pixelWidth
   */
  pixelHeight?: number;
}

/**
 * `Σ|dx|·w + Σ|dy|·h − nCorners·((w + h) − √(w² + h²))` over a closed polygon
 * whose sides are all horizontal or vertical (flat `[x0, y0, x1, y1, …]`).
 * A 1×1 pixel square gives `4 − 2·(2 − √2)`.
 */
export function tracedPerimeter(
  polygon: ArrayLike<number>,
  options: TracedPerimeterOptions = {},
): number {
  const w = options.pixelWidth ?? 1;
  const h = options.pixelHeight ?? w;
  const n = polygon.length >> 1;
  if (n < 4) return 0;
  const xAt = (i: number) => polygon[2 * i] as number;
  const yAt = (i: number) => polygon[2 * i + 1] as number;
  let sumdx = 0;
  let sumdy = 0;
  let nCorners = 0;
  let dx1 = xAt(0) - xAt(n - 1);
  let dy1 = yAt(0) - yAt(n - 1);
  let side1 = Math.abs(dx1) + Math.abs(dy1);
  let corner = false;
  for (let i = 0; i < n; i++) {
    const next = i + 1 === n ? 0 : i + 1;
    const dx2 = xAt(next) - xAt(i);
    const dy2 = yAt(next) - yAt(i);
    sumdx += Math.abs(dx1);
    sumdy += Math.abs(dy1);
    const side2 = Math.abs(dx2) + Math.abs(dy2);
    if (side1 > 1 || !corner) {
      corner = true;
      nCorners++;
    } else {
      corner = false;
    }
    dx1 = dx2;
    dy1 = dy2;
    side1 = side2;
  }
  return sumdx * w + sumdy * h - nCorners * (w + h - Math.sqrt(w * w + h * h));
}
