/**
 * @module segmentation/plan-tile-spans
 * Where the tiles go along one axis, and how much each tile pixel counts when
 * overlapping predictions are blended.
 *
 * Layout: tile k starts at `-overlap/2 + k·(tileSize - overlap)`, so neighbours share
 * `overlap` pixels and the image border sits `overlap/2` inside the first and last
 * tiles (the part outside the image is filled by reflection). Every origin differs by
 * a multiple of 16, so the network's pooling grid lines up with the image the same
 * way in every tile and in a single whole-image tile.
 *
 * Blending: along each axis a tile pixel at distance d (pixel centres, d = i + 0.5)
 * from the nearer tile edge gets weight sin²(π/2 · t), t = clamp((d - overlap/4) /
 * (overlap/2), 0, 1). The outer overlap/4 of every tile, where zero padding inside
 * the network distorts predictions most, is discarded; across the middle half of each
 * overlap the two tiles cross-fade with weights summing to exactly 1 (sin² + cos²),
 * so an interior pixel's blended value is a convex combination of predictions that
 * each saw at least overlap/4 pixels of context on every side. Weights in 2-D are
 * the product of the two axes'.
 */

export interface TileSpan {
  /** First pixel of the tile along the axis; may be negative (reflected padding). */
  origin: number;
  /** Tile length along the axis (a multiple of 16). */
  size: number;
}

function roundUpTo16(value: number): number {
  return Math.ceil(value / 16) * 16;
}

/**
 * Tiles covering `[0, length)` along one axis.
 * When `hasFixedSize` is false, a short axis gets one tile just large enough
 * (`length + overlap`, rounded up to 16) and the last tile is shortened to what it
 * needs, which saves up to a tile of wasted inference per row and column.
 */
export function planTileSpans(
  length: number,
  tileSize: number,
  overlap: number,
  hasFixedSize = false,
): TileSpan[] {
  if (!Number.isInteger(length) || length < 1) {
    throw new RangeError(`length must be a positive integer, got ${length}`);
  }
  if (!Number.isInteger(tileSize) || tileSize < 16 || tileSize % 16 !== 0) {
    throw new RangeError(`tileSize must be a positive multiple of 16, got ${tileSize}`);
  }
  if (!Number.isInteger(overlap) || overlap < 0 || overlap % 16 !== 0 || overlap > tileSize / 2) {
    throw new RangeError(
      `overlap must be a multiple of 16 in [0, tileSize / 2], got ${overlap} for tileSize ${tileSize}`,
    );
  }
  const half = overlap / 2;
  const stride = tileSize - overlap;
  // The last tile must reach length + overlap/2 so the image's last pixel sits as deep
  // inside it as the first pixel sits inside the first tile.
  const count = Math.max(1, Math.ceil((length + overlap - tileSize) / stride) + 1);
  const minimumSize = Math.max(16, roundUpTo16(1.5 * overlap));
  const spans: TileSpan[] = [];
  for (let k = 0; k < count; k++) {
    const origin = -half + k * stride;
    let size = tileSize;
    if (!hasFixedSize && k === count - 1) {
      size = Math.min(tileSize, Math.max(minimumSize, roundUpTo16(length + half - origin)));
    }
    spans.push({ origin, size });
  }
  return spans;
}

/** Blending weight of each pixel along one tile axis of `size` pixels (see the module doc). */
export function computeFeatherWeights(size: number, overlap: number): Float32Array {
  const weights = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    if (overlap === 0) {
      weights[i] = 1;
      continue;
    }
    const d = Math.min(i + 0.5, size - i - 0.5);
    const t = Math.min(1, Math.max(0, (d - overlap / 4) / (overlap / 2)));
    const s = Math.sin((Math.PI / 2) * t);
    weights[i] = s * s;
  }
  return weights;
}

/** Mirror index without repeating the edge pixel (numpy/torch "reflect"), for any i. */
export function reflectIndex(i: number, length: number): number {
  if (length === 1) return 0;
  const period = 2 * (length - 1);
  const m = ((i % period) + period) % period;
  return m < length ? m : period - m;
}
