/**
 * @module training-export/compute-tile-grid
 * The tile layout of a training export. The SYNTA paper trained on 400×400
 * patches (Mill et al. 2025, "U-Net specifications and training"), which is the
 * default. Tiles step by `tileSize - overlap` and the last tile of a row or
 * column is shifted back so that it ends exactly on the image edge: every tile
 * has full size (when the image is at least one tile large) and together they
 * cover every pixel.
 */

export interface TileRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TileGridOptions {
  /**
   * Tile edge in pixels. Images smaller than a tile give one tile of the image's size.
   * @default 400
   */
  tileSize?: number;
  /**
   * Minimum overlap of neighbouring tiles in pixels, in [0, tileSize).
   * The last tile of a row or column may overlap more, because it is aligned to the edge.
   * @default 0
   */
  overlap?: number;
}

/** Tile origins along one axis: 0, step, 2·step, …, and `length - tile` as the last one. */
function computeTileStarts(length: number, tile: number, step: number): number[] {
  if (length <= tile) return [0];
  const starts: number[] = [];
  for (let start = 0; start + tile < length; start += step) starts.push(start);
  starts.push(length - tile);
  return starts;
}

/** Tiles in row-major order (top row first, left to right). */
export function computeTileGrid(
  width: number,
  height: number,
  options: TileGridOptions = {},
): TileRect[] {
  const { tileSize = 400, overlap = 0 } = options;
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`width must be a positive integer, got ${width}`);
  }
  if (!Number.isInteger(height) || height < 1) {
    throw new RangeError(`height must be a positive integer, got ${height}`);
  }
  if (!Number.isInteger(tileSize) || tileSize < 1) {
    throw new RangeError(`tileSize must be a positive integer, got ${tileSize}`);
  }
  if (!Number.isInteger(overlap) || overlap < 0 || overlap >= tileSize) {
    throw new RangeError(`overlap must be an integer in [0, ${tileSize}), got ${overlap}`);
  }
  const tileWidth = Math.min(tileSize, width);
  const tileHeight = Math.min(tileSize, height);
  const step = tileSize - overlap;
  const xs = computeTileStarts(width, tileWidth, step);
  const ys = computeTileStarts(height, tileHeight, step);
  const tiles: TileRect[] = [];
  for (const y of ys) {
    for (const x of xs) tiles.push({ x, y, width: tileWidth, height: tileHeight });
  }
  return tiles;
}
