/**
 * @module wsi/validate-slide-dimensions
 */

export interface SlideDimensionLimits {
  /**
   * Most pixels of the full-resolution level. A 40× whole-slide scan is
   * typically 100k × 80k (8 gigapixels); a header claiming far more is refused
   * before any pixel is decoded.
   * @default 12_000_000_000
   */
  maxPixels?: number;
  /**
   * Longest accepted side in pixels.
   * @default 200_000
   */
  maxSide?: number;
}

/**
 * Returns the size unchanged when it is within the limits.
 * @throws RangeError naming the dimension and the received value otherwise.
 */
export function validateSlideDimensions(
  size: { width: number; height: number },
  options: SlideDimensionLimits = {},
): { width: number; height: number } {
  const { maxPixels = 12_000_000_000, maxSide = 200_000 } = options;
  for (const name of ["width", "height"] as const) {
    const value = size[name];
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
    }
    if (value > maxSide) {
      throw new RangeError(`${name} must be at most ${maxSide} px, got ${value}`);
    }
  }
  const pixels = size.width * size.height;
  if (pixels > maxPixels) {
    throw new RangeError(
      `width × height must be at most ${(maxPixels / 1e9).toFixed(1)} gigapixels, got ${size.width} × ${size.height} (${(pixels / 1e9).toFixed(1)} gigapixels)`,
    );
  }
  return size;
}
