/**
 * @module viewer/deep-zoom-grid
 * Tile maths of a DeepZoom pyramid: level `maxLevel = ceil(log2(max(w, h)))` is
 * the full-resolution image, each level below halves it (rounding up), tiles are
 * `tileSize` square with no overlap and the last column/row is cropped. The
 * viewer's OpenLayers zoom index is the DeepZoom level itself.
 */

export interface PyramidShape {
  /** Level-0 (full-resolution) width in pixels. */
  width: number;
  /** Level-0 (full-resolution) height in pixels. */
  height: number;
  /** Tile edge in pixels. */
  tileSize: number;
}

export interface TileRange {
  columns: number;
  rows: number;
}

/** Full-resolution pixel rectangle covered by one tile (x, y at the top left, y down). */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}

function assertShape(shape: PyramidShape): void {
  assertPositiveInteger("width", shape.width);
  assertPositiveInteger("height", shape.height);
  assertPositiveInteger("tileSize", shape.tileSize);
}

/** DeepZoom's full-resolution level: ceil(log2(max(width, height))). */
export function getDeepZoomMaxLevel(width: number, height: number): number {
  assertPositiveInteger("width", width);
  assertPositiveInteger("height", height);
  return Math.ceil(Math.log2(Math.max(width, height)));
}

function assertLevel(level: number, maxLevel: number): void {
  if (!Number.isInteger(level) || level < 0 || level > maxLevel) {
    throw new RangeError(`level must be an integer in [0, ${maxLevel}], got ${level}`);
  }
}

/** How many full-resolution pixels one pixel of `level` spans (a power of two). */
export function getLevelDownsample(level: number, maxLevel: number): number {
  assertLevel(level, maxLevel);
  return 2 ** (maxLevel - level);
}

/** Pixel size of `level` as DeepZoom writes it: each halving rounds up. */
export function getLevelSize(
  shape: PyramidShape,
  level: number,
): { width: number; height: number } {
  assertShape(shape);
  const downsample = getLevelDownsample(level, getDeepZoomMaxLevel(shape.width, shape.height));
  return {
    width: Math.ceil(shape.width / downsample),
    height: Math.ceil(shape.height / downsample),
  };
}

/**
 * Map resolutions (µm per screen pixel at 100 %) of levels 0 … maxLevel, coarsest first,
 * the order OpenLayers' TileGrid wants.
 */
export function getLevelResolutions(shape: PyramidShape & { pixelSizeUm: number }): number[] {
  assertShape(shape);
  if (!(shape.pixelSizeUm > 0) || !Number.isFinite(shape.pixelSizeUm)) {
    throw new RangeError(`pixelSizeUm must be a positive number, got ${shape.pixelSizeUm}`);
  }
  const maxLevel = getDeepZoomMaxLevel(shape.width, shape.height);
  return Array.from(
    { length: maxLevel + 1 },
    (_, level) => shape.pixelSizeUm * 2 ** (maxLevel - level),
  );
}

/** Number of tile columns and rows of `level`. */
export function getTileRange(shape: PyramidShape, level: number): TileRange {
  const size = getLevelSize(shape, level);
  return {
    columns: Math.ceil(size.width / shape.tileSize),
    rows: Math.ceil(size.height / shape.tileSize),
  };
}

/**
 * The full-resolution rectangle a tile covers, cropped to the image; throws for a
 * tile outside the level's range.
 */
export function getTilePixelRect(
  shape: PyramidShape,
  tile: { level: number; column: number; row: number },
): PixelRect {
  const range = getTileRange(shape, tile.level);
  if (!Number.isInteger(tile.column) || tile.column < 0 || tile.column >= range.columns) {
    throw new RangeError(
      `column must be an integer in [0, ${range.columns - 1}], got ${tile.column}`,
    );
  }
  if (!Number.isInteger(tile.row) || tile.row < 0 || tile.row >= range.rows) {
    throw new RangeError(`row must be an integer in [0, ${range.rows - 1}], got ${tile.row}`);
  }
  const downsample = getLevelDownsample(tile.level, getDeepZoomMaxLevel(shape.width, shape.height));
  const span = shape.tileSize * downsample;
  const x = tile.column * span;
  const y = tile.row * span;
  return {
    x,
    y,
    width: Math.min(span, shape.width - x),
    height: Math.min(span, shape.height - y),
  };
}

/**
 * The level whose resolution is the finest not finer than `resolution` µm/px
 * (what OpenLayers picks when the view sits between two levels, rounded down).
 */
export function getLevelForResolution(
  shape: PyramidShape & { pixelSizeUm: number },
  resolution: number,
): number {
  if (!(resolution > 0)) throw new RangeError(`resolution must be positive, got ${resolution}`);
  const resolutions = getLevelResolutions(shape);
  for (let level = resolutions.length - 1; level >= 0; level--) {
    if ((resolutions[level] as number) >= resolution * (1 - 1e-9)) return level;
  }
  return 0;
}
