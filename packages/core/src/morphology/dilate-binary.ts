/**
 * @module morphology/dilate-binary
 * Binary dilation by a square or a disk.
 */
import { computeSquaredDistances } from "./compute-distance-transform.ts";
import { assertImageSize, type ImageSize } from "./image-size.ts";
import { slideSquareWindow } from "./slide-square-window.ts";
import { toBinaryMask } from "./to-binary-mask.ts";

export interface BinaryMorphologyOptions extends ImageSize {
  /**
   * Radius of the structuring element in pixels: a square of side `2r + 1`,
   * or the disk of pixels within Euclidean distance `r`.
   * @default 1
   */
  radius?: number;
  /** @default "square" */
  shape?: "square" | "disk";
  /**
   * How many times to repeat the operation. ImageJ/Fiji's Process › Binary ›
   * Dilate (and Erode) with count 1 is one square of radius 1, so the paper's
   * "dilate ten times" is `{ radius: 1, iterations: 10 }`.
   * @default 1
   */
  iterations?: number;
}

export function assertMorphologyOptions(options: BinaryMorphologyOptions): void {
  const { radius = 1, iterations = 1, shape = "square" } = options;
  if (!Number.isInteger(radius) || radius < 0) {
    throw new RangeError(`radius must be a non-negative integer, got ${String(radius)}`);
  }
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new RangeError(`iterations must be a non-negative integer, got ${String(iterations)}`);
  }
  if (shape !== "square" && shape !== "disk") {
    throw new RangeError(`shape must be "square" or "disk", got ${String(shape)}`);
  }
}

/**
 * Returns a new 0/1 mask: a pixel is set when the structuring element centred
 * on it meets a foreground pixel (`mask[i] !== 0`). Pixels outside the image
 * are background.
 */
export function dilateBinary(mask: Uint8Array, options: BinaryMorphologyOptions): Uint8Array {
  const pixelCount = assertImageSize(mask.length, options, "mask");
  assertMorphologyOptions(options);
  const { width, height, radius = 1, shape = "square", iterations = 1 } = options;
  if (radius === 0 || iterations === 0) return toBinaryMask(mask);
  // Every step below reads "non-zero" as foreground, so the input needs no 0/1 copy.
  let current = mask;
  if (shape === "square") {
    // Squares add up: n dilations by radius r are one dilation by n·r.
    const out = new Uint8Array(pixelCount);
    const size = {
      width,
      height,
      radius: radius * iterations,
      mode: "any" as const,
      isPaddingEdges: false,
    };
    return slideSquareWindow(current, size, out);
  }
  const radiusSquared = radius * radius;
  let distances: Float32Array | undefined;
  for (let iteration = 0; iteration < iterations; iteration++) {
    distances = computeSquaredDistances(current, { width, height }, distances);
    const next = new Uint8Array(pixelCount);
    for (let i = 0; i < pixelCount; i++)
      next[i] = (distances[i] as number) <= radiusSquared ? 1 : 0;
    current = next;
  }
  return current;
}
