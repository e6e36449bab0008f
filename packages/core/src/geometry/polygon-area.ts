/**
 * @module geometry/polygon-area
 */

/**
 * Absolute area of a simple polygon given as flat `[x0, y0, x1, y1, …]`
 * coordinates (shoelace formula). For a traced outline on pixel corners this is
 * the number of pixels it encloses, holes included.
 */
export function polygonArea(polygon: ArrayLike<number>): number {
  const n = polygon.length >> 1;
  let twice = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    twice +=
      (polygon[2 * j] as number) * (polygon[2 * i + 1] as number) -
      (polygon[2 * i] as number) * (polygon[2 * j + 1] as number);
  }
  return Math.abs(twice) / 2;
}
