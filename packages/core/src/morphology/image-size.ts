/**
 * @module morphology/image-size
 * The size of a flat, row-major raster, and the check every raster function
 * runs before touching pixels.
 */

/** Width and height of a row-major raster, in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

/** An instance label image: 0 is background, any other value one object. */
export type LabelArray = Uint8Array | Uint16Array | Uint32Array | Int32Array;

/**
 * Returns `width × height` after checking both are positive integers and that
 * an array named `name` holds exactly that many pixels.
 * @throws RangeError naming the offending parameter and value.
 */
export function assertImageSize(length: number, size: ImageSize, name = "mask"): number {
  const { width, height } = size;
  if (!Number.isInteger(width) || width <= 0) {
    throw new RangeError(`width must be a positive integer, got ${String(width)}`);
  }
  if (!Number.isInteger(height) || height <= 0) {
    throw new RangeError(`height must be a positive integer, got ${String(height)}`);
  }
  const pixelCount = width * height;
  if (length !== pixelCount) {
    throw new RangeError(
      `${name} must hold width × height = ${width} × ${height} = ${pixelCount} pixels, got ${length}`,
    );
  }
  return pixelCount;
}
