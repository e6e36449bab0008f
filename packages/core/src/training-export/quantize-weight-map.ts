/**
 * @module training-export/quantize-weight-map
 * Weight maps are stored as 16-bit greyscale PNG holding round(weight · scale),
 * a format every image library reads (PIL, sharp, OpenCV) without a float TIFF
 * or NumPy dependency. With the default scale of 100 the step is 0.01 and the
 * largest storable weight is 655.35 (the paper's maps peak near w0 + 50 = 450).
 */

export interface QuantizeWeightMapOptions {
  /**
   * Stored value per unit of weight.
   * @default 100
   */
  scale?: number;
}

/** round(weight · scale) clamped to [0, 65535]. */
export function quantizeWeightMap(
  weights: Float32Array,
  options: QuantizeWeightMapOptions = {},
): Uint16Array {
  const { scale = 100 } = options;
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`scale must be a finite number > 0, got ${scale}`);
  }
  const out = new Uint16Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const value = Math.round((weights[i] as number) * scale);
    out[i] = Math.min(Math.max(value, 0), 65535);
  }
  return out;
}
