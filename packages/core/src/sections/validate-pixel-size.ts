/**
 * @module sections/validate-pixel-size
 */

/** Bounds for a plausible light-microscopy pixel size. */
export interface PixelSizeBounds {
  /**
   * Smallest accepted pixel size in µm/px (below the optical resolution of any scanner).
   * @default 0.05
   */
  minUm?: number;
  /**
   * Largest accepted pixel size in µm/px (a heavily downsampled overview).
   * @default 100
   */
  maxUm?: number;
}

/**
 * Returns the pixel size unchanged if it is a finite number inside the bounds.
 * @throws RangeError naming `pixelSizeUm` and the received value otherwise.
 */
export function validatePixelSize(pixelSizeUm: number, options: PixelSizeBounds = {}): number {
  const { minUm = 0.05, maxUm = 100 } = options;
  if (typeof pixelSizeUm !== "number" || !Number.isFinite(pixelSizeUm)) {
    throw new RangeError(`pixelSizeUm must be a finite number, got ${String(pixelSizeUm)}`);
  }
  if (pixelSizeUm <= 0) {
    throw new RangeError(`pixelSizeUm must be greater than 0 µm/px, got ${pixelSizeUm}`);
  }
  if (pixelSizeUm < minUm || pixelSizeUm > maxUm) {
    throw new RangeError(`pixelSizeUm must lie in [${minUm}, ${maxUm}] µm/px, got ${pixelSizeUm}`);
  }
  return pixelSizeUm;
}
