/**
 * @module training-export/extract-tile
 * Copies a rectangle out of an interleaved raster (RGB image, class mask,
 * instance labels or weight map) and pastes one back. Both keep the source's
 * array type, so 16-bit labels and float weights survive unchanged.
 */
import type { TileRect } from "./compute-tile-grid.ts";

/** Interleaved rasters this module copies: 8-bit images and masks, 16/32-bit labels, float weights. */
export type RasterArray = Uint8Array | Uint8ClampedArray | Uint16Array | Uint32Array | Float32Array;

export interface Raster<T extends RasterArray = RasterArray> {
  data: T;
  width: number;
  height: number;
  /** Interleaved samples per pixel (3 for RGB, 1 for masks). */
  channels: number;
}

function validateRaster(raster: Raster, name: string): void {
  const { data, width, height, channels } = raster;
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`${name}.width must be a positive integer, got ${width}`);
  }
  if (!Number.isInteger(height) || height < 1) {
    throw new RangeError(`${name}.height must be a positive integer, got ${height}`);
  }
  if (!Number.isInteger(channels) || channels < 1) {
    throw new RangeError(`${name}.channels must be a positive integer, got ${channels}`);
  }
  if (data.length !== width * height * channels) {
    throw new RangeError(
      `${name}.data must hold width·height·channels = ${width * height * channels} samples, got ${data.length}`,
    );
  }
}

function validateRect(rect: TileRect, width: number, height: number): void {
  const { x, y, width: w, height: h } = rect;
  const isInteger = [x, y, w, h].every(Number.isInteger);
  if (!isInteger || x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
    throw new RangeError(
      `rect must be an integer rectangle inside ${width}×${height}, got ${JSON.stringify(rect)}`,
    );
  }
}

/** A new raster of the same array type holding `rect` of `source`. */
export function extractTile<T extends RasterArray>(source: Raster<T>, rect: TileRect): Raster<T> {
  validateRaster(source, "source");
  validateRect(rect, source.width, source.height);
  const { channels } = source;
  const rowLength = rect.width * channels;
  const Constructor = source.data.constructor as new (length: number) => T;
  const data = new Constructor(rowLength * rect.height);
  for (let row = 0; row < rect.height; row++) {
    const from = ((rect.y + row) * source.width + rect.x) * channels;
    data.set(source.data.subarray(from, from + rowLength), row * rowLength);
  }
  return { data, width: rect.width, height: rect.height, channels };
}

/** Writes `tile` into `target` with its top-left corner at (`x`, `y`); the inverse of {@link extractTile}. */
export function pasteTile<T extends RasterArray>(
  target: Raster<T>,
  tile: Raster<T>,
  x: number,
  y: number,
): void {
  validateRaster(target, "target");
  validateRaster(tile, "tile");
  if (tile.channels !== target.channels) {
    throw new RangeError(
      `tile.channels must equal target.channels (${target.channels}), got ${tile.channels}`,
    );
  }
  validateRect({ x, y, width: tile.width, height: tile.height }, target.width, target.height);
  const rowLength = tile.width * tile.channels;
  for (let row = 0; row < tile.height; row++) {
    const to = ((y + row) * target.width + x) * target.channels;
    target.data.set(tile.data.subarray(row * rowLength, (row + 1) * rowLength), to);
  }
}
