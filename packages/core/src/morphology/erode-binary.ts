/**
 * @module morphology/erode-binary
 * Binary erosion by a square or a disk.
 */
import { computeSquaredDistances } from "./compute-distance-transform.ts";
import { assertMorphologyOptions, type BinaryMorphologyOptions } from "./dilate-binary.ts";
import { assertImageSize } from "./image-size.ts";
import { slideSquareWindow } from "./slide-square-window.ts";
import { toBinaryMask } from "./to-binary-mask.ts";

export interface ErodeBinaryOptions extends BinaryMorphologyOptions {
  /**
   * Whether pixels outside the image count as foreground, as with ImageJ's
   * "Pad edges when eroding". Off (ImageJ's default) erodes objects from the
   * image border; on makes dilate-then-erode (a closing) never remove pixels.
   * @default false
   */
  isPaddingEdges?: boolean;
}

/**
 * Returns a new 0/1 mask: a pixel stays set only when the whole structuring
 * element centred on it lies on foreground (`mask[i] !== 0`).
 */
export function erodeBinary(mask: Uint8Array, options: ErodeBinaryOptions): Uint8Array {
  const pixelCount = assertImageSize(mask.length, options, "mask");
  assertMorphologyOptions(options);
  const {
    width,
    height,
    radius = 1,
    shape = "square",
    iterations = 1,
    isPaddingEdges = false,
  } = options;
  if (radius === 0 || iterations === 0) return toBinaryMask(mask);
  // Every step below reads "non-zero" as foreground, so the input needs no 0/1 copy.
  let current = mask;
  if (shape === "square") {
    const out = new Uint8Array(pixelCount);
    const size = {
      width,
      height,
      radius: radius * iterations,
      mode: "all" as const,
      isPaddingEdges,
    };
    return slideSquareWindow(current, size, out);
  }
  const radiusSquared = radius * radius;
  const isBackground = new Uint8Array(pixelCount);
  let distances: Float32Array | undefined;
  for (let iteration = 0; iteration < iterations; iteration++) {
    for (let i = 0; i < pixelCount; i++) isBackground[i] = current[i] === 0 ? 1 : 0;
    distances = computeSquaredDistances(
      isBackground,
      { width, height, isOutsideBackground: !isPaddingEdges },
      distances,
    );
    const next = new Uint8Array(pixelCount);
    for (let i = 0; i < pixelCount; i++) next[i] = (distances[i] as number) > radiusSquared ? 1 : 0;
    current = next;
  }
  return current;
}
