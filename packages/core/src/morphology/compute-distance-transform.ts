/**
 * @module morphology/compute-distance-transform
 * Exact Euclidean distance transform of a binary mask in O(width × height).
 *
 * The row pass is the lower envelope of parabolas of P. F. Felzenszwalb and
 * D. P. Huttenlocher, "Distance Transforms of Sampled Functions", Theory of
 * Computing 8 (2012) 415–428; the column pass is the 1-D binary distance of
 * their paper's first step, done as two sweeps over whole rows so that every
 * memory access stays sequential.
 */
import { findMaskRuns, type MaskRuns } from "./find-mask-runs.ts";
import { assertImageSize, type ImageSize } from "./image-size.ts";

export interface DistanceTransformOptions extends ImageSize {
  /**
   * Whether the pixels outside the image count as background. Fiji's EDT (and
   * therefore its Local Thickness) measures only to background pixels inside
   * the image, so objects cut by the image border look thicker there.
   * @default false
   */
  isOutsideBackground?: boolean;
}

/** The lower envelope of one row's parabolas: vertices, their heights and the breakpoints. */
interface Envelope {
  vertex: Float64Array;
  vertexValue: Float64Array;
  boundary: Float64Array;
}

/**
 * Adds the parabola (x - q)² + fq to an envelope whose last index is `k` (-1
 * when empty) and returns the new last index. A plain function rather than a
 * closure: a captured, reassigned `k` would live in a heap context and slow
 * every access in the hot loops.
 */
function pushParabola(envelope: Envelope, k: number, q: number, fq: number): number {
  const { vertex, vertexValue, boundary } = envelope;
  if (k < 0) {
    vertex[0] = q;
    vertexValue[0] = fq;
    boundary[0] = Number.NEGATIVE_INFINITY;
    boundary[1] = Number.POSITIVE_INFINITY;
    return 0;
  }
  let s = 0;
  for (;;) {
    const p = vertex[k] as number;
    s = (fq + q * q - ((vertexValue[k] as number) + p * p)) / (2 * (q - p));
    if (s > (boundary[k] as number)) break;
    k--;
  }
  k++;
  vertex[k] = q;
  vertexValue[k] = fq;
  boundary[k] = s;
  boundary[k + 1] = Number.POSITIVE_INFINITY;
  return k;
}

/**
 * Squared Euclidean distance from every pixel to the nearest pixel with
 * `isFeature[i] !== 0` (0 on the features themselves, `Infinity` where the
 * image has no feature at all). With `isOutsideBackground`, a ring of features
 * surrounds the image.
 * @param out optional buffer to reuse, length `width × height`.
 */
export function computeSquaredDistances(
  isFeature: Uint8Array,
  options: DistanceTransformOptions,
  out?: Float32Array,
): Float32Array {
  const { width, height, isOutsideBackground = false } = options;
  const pixelCount = assertImageSize(isFeature.length, options, "isFeature");
  if (out !== undefined && out.length !== pixelCount) {
    throw new RangeError(`out must hold ${pixelCount} pixels, got ${out.length}`);
  }
  const result = out?.fill(0) ?? new Float32Array(pixelCount);
  const open = findMaskRuns(isFeature, { width, height, isInverted: true });
  fillSquaredDistances(open, { width, height, isOutsideBackground }, result);
  return result;
}

/**
 * The squared distances of `computeSquaredDistances` written only where they
 * are not 0: on the pixels of the runs `open` (the non-features), into `result`,
 * which must hold 0 everywhere else. Work is proportional to the runs and their
 * pixels, not to the image, so sparse structures are cheap.
 */
export function fillSquaredDistances(
  open: MaskRuns,
  options: DistanceTransformOptions,
  result: Float32Array,
): void {
  const { width, height, isOutsideBackground = false } = options;
  const { rowStart, bounds } = open;

  // Column pass: vertical distance to the nearest feature, down then up (features read 0).
  const border = isOutsideBackground ? 1 : Number.POSITIVE_INFINITY;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let k = rowStart[y] as number; k < (rowStart[y + 1] as number); k++) {
      const end = row + (bounds[2 * k + 1] as number);
      for (let i = row + (bounds[2 * k] as number); i < end; i++) {
        result[i] = y === 0 ? border : (result[i - width] as number) + 1;
      }
    }
  }
  const lastRow = (height - 1) * width;
  for (let k = rowStart[height - 1] as number; k < (rowStart[height] as number); k++) {
    const end = lastRow + (bounds[2 * k + 1] as number);
    for (let i = lastRow + (bounds[2 * k] as number); i < end; i++) {
      if (border < (result[i] as number)) result[i] = border;
    }
  }
  for (let y = height - 2; y >= 0; y--) {
    const row = y * width;
    for (let k = rowStart[y] as number; k < (rowStart[y + 1] as number); k++) {
      const end = row + (bounds[2 * k + 1] as number);
      for (let i = row + (bounds[2 * k] as number); i < end; i++) {
        const candidate = (result[i + width] as number) + 1;
        if (candidate < (result[i] as number)) result[i] = candidate;
      }
    }
  }

  // Row pass: lower envelope of the parabolas (x - q)² + g(q)². Inside a run of
  // features (g = 0) only its two ends can be nearest to a pixel outside it.
  const envelope: Envelope = {
    vertex: new Float64Array(width + 2),
    vertexValue: new Float64Array(width + 2),
    boundary: new Float64Array(width + 3),
  };
  const { vertex, vertexValue, boundary } = envelope;
  for (let y = 0; y < height; y++) {
    const first = rowStart[y] as number;
    const last = rowStart[y + 1] as number;
    if (first === last) continue;
    const row = y * width;
    let k = -1;
    if (isOutsideBackground) k = pushParabola(envelope, k, -1, 0);
    let x = 0;
    for (let run = first; run < last; run++) {
      const start = bounds[2 * run] as number;
      const end = bounds[2 * run + 1] as number;
      if (start > x) {
        k = pushParabola(envelope, k, x, 0);
        if (start - 1 > x) k = pushParabola(envelope, k, start - 1, 0);
      }
      for (let q = start; q < end; q++) {
        const g = result[row + q] as number;
        if (g !== Number.POSITIVE_INFINITY) k = pushParabola(envelope, k, q, g * g);
      }
      x = end;
    }
    if (x < width) {
      k = pushParabola(envelope, k, x, 0);
      if (width - 1 > x) k = pushParabola(envelope, k, width - 1, 0);
    }
    if (isOutsideBackground) k = pushParabola(envelope, k, width, 0);
    if (k < 0) {
      result.fill(Number.POSITIVE_INFINITY, row, row + width);
      continue;
    }
    let j = 0;
    for (let run = first; run < last; run++) {
      const end = bounds[2 * run + 1] as number;
      for (let q = bounds[2 * run] as number; q < end; q++) {
        while ((boundary[j + 1] as number) < q) j++;
        const dx = q - (vertex[j] as number);
        result[row + q] = dx * dx + (vertexValue[j] as number);
      }
    }
  }
}

/**
 * Euclidean distance from each foreground pixel (`mask[i] !== 0`) to the
 * nearest background pixel, 0 on the background — Fiji's "Distance Map" /
 * Local Thickness EDT convention, where a foreground pixel touching the
 * background has distance 1. `Infinity` where the image has no background and
 * `isOutsideBackground` is false.
 */
export function computeDistanceTransform(
  mask: Uint8Array,
  options: DistanceTransformOptions,
): Float32Array {
  const pixelCount = assertImageSize(mask.length, options, "mask");
  const isBackground = new Uint8Array(pixelCount);
  for (let i = 0; i < pixelCount; i++) isBackground[i] = mask[i] === 0 ? 1 : 0;
  const distances = computeSquaredDistances(isBackground, options);
  for (let i = 0; i < pixelCount; i++) distances[i] = Math.sqrt(distances[i] as number);
  return distances;
}
