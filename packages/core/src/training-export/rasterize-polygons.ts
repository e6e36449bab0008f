/**
 * @module training-export/rasterize-polygons
 * Even-odd scanline fill of flat polygons, sampled at pixel centres: pixel
 * (x, y) is inside when the point (x + 0.5, y + 0.5) is. This is how COCO
 * polygons in pixel-corner coordinates map back to pixels, and it is what the
 * export's round-trip test uses to check that polygons reproduce the masks.
 */

/** Flat `[x0, y0, x1, y1, …]` ring; the closing edge back to the first vertex is implicit. */
export type FlatRing = ArrayLike<number>;

/**
 * A 0/1 mask of the pixels inside the rings under the even-odd rule, so a ring
 * inside another one cuts a hole.
 */
export function rasterizePolygons(
  rings: readonly FlatRing[],
  width: number,
  height: number,
): Uint8Array {
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`width must be a positive integer, got ${width}`);
  }
  if (!Number.isInteger(height) || height < 1) {
    throw new RangeError(`height must be a positive integer, got ${height}`);
  }
  for (const ring of rings) {
    if (ring.length % 2 !== 0 || ring.length < 6) {
      throw new RangeError(
        `each ring must hold at least 3 (x, y) pairs, got ${ring.length} numbers`,
      );
    }
  }
  const mask = new Uint8Array(width * height);
  const crossings: number[] = [];
  for (let y = 0; y < height; y++) {
    const yc = y + 0.5;
    crossings.length = 0;
    for (const ring of rings) {
      const n = ring.length / 2;
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        const x0 = ring[2 * i] as number;
        const y0 = ring[2 * i + 1] as number;
        const x1 = ring[2 * j] as number;
        const y1 = ring[2 * j + 1] as number;
        // Half-open in y, so a vertex on the scanline is counted once.
        if (y0 <= yc !== y1 <= yc) crossings.push(x0 + ((yc - y0) * (x1 - x0)) / (y1 - y0));
      }
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Pixels whose centre x + 0.5 lies in [from, to).
      const first = Math.max(0, Math.ceil((crossings[k] as number) - 0.5));
      const last = Math.min(width, Math.ceil((crossings[k + 1] as number) - 0.5));
      mask.fill(1, y * width + first, y * width + Math.max(first, last));
    }
  }
  return mask;
}
