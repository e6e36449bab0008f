/**
 * @module wsi/deep-zoom
 * DeepZoom pyramid geometry (the layout `vips dzsave --layout dz` and sharp's
 * `.tile({ layout: "dz" })` write): level L has size ceil(size / 2^(maxLevel − L)),
 * maxLevel = ceil(log2(max(width, height))) is full resolution, level 0 is 1×1.
 */

export interface DeepZoomGeometry {
  width: number;
  height: number;
  tileSize: number;
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
}

/** The full-resolution level of a DeepZoom pyramid of an image of this size. */
export function getDeepZoomMaxLevel(width: number, height: number): number {
  assertPositiveInteger("width", width);
  assertPositiveInteger("height", height);
  return Math.ceil(Math.log2(Math.max(width, height)));
}

/** Pixel size of `level` and its number of tile columns and rows. */
export function getDeepZoomLevelSize(
  geometry: DeepZoomGeometry,
  level: number,
): { width: number; height: number; columns: number; rows: number } {
  const { width, height, tileSize } = geometry;
  assertPositiveInteger("tileSize", tileSize);
  const maxLevel = getDeepZoomMaxLevel(width, height);
  if (!Number.isInteger(level) || level < 0 || level > maxLevel) {
    throw new RangeError(`level must be an integer in [0, ${maxLevel}], got ${String(level)}`);
  }
  const scale = 2 ** (maxLevel - level);
  const levelWidth = Math.ceil(width / scale);
  const levelHeight = Math.ceil(height / scale);
  return {
    width: levelWidth,
    height: levelHeight,
    columns: Math.ceil(levelWidth / tileSize),
    rows: Math.ceil(levelHeight / tileSize),
  };
}

/** Whether tile (level, col, row) exists in the pyramid; never throws. */
export function isDeepZoomTile(
  geometry: DeepZoomGeometry,
  tile: { level: number; col: number; row: number },
): boolean {
  const { level, col, row } = tile;
  if (![level, col, row].every((n) => Number.isInteger(n) && n >= 0)) return false;
  if (level > getDeepZoomMaxLevel(geometry.width, geometry.height)) return false;
  const size = getDeepZoomLevelSize(geometry, level);
  return col < size.columns && row < size.rows;
}

/** The relative path of a tile inside `<prefix>_files/`, e.g. `12/3_4.jpg`. */
export function formatDeepZoomTilePath(
  tile: { level: number; col: number; row: number },
  format = "jpg",
): string {
  return `${tile.level}/${tile.col}_${tile.row}.${format}`;
}
