/**
 * @module morphology/close-binary
 * Binary closing (dilation then erosion by the same structuring element) as
 * on an unbounded plane with nothing outside the image.
 *
 * ImageJ's Dilate-then-Erode loses tissue cut by the image border (erosion
 * treats the outside as background, but the dilation's spill beyond the image
 * was clipped), and with "Pad edges when eroding" it instead glues anything
 * within the dilation distance to the border. Working on a canvas enlarged by
 * the dilation reach avoids both: the result always contains the input, and
 * the border plays no role.
 */
import { type BinaryMorphologyOptions, dilateBinary } from "./dilate-binary.ts";
import { erodeBinary } from "./erode-binary.ts";
import { assertImageSize } from "./image-size.ts";

/** Returns the 0/1 closing of `mask !== 0`. */
export function closeBinary(mask: Uint8Array, options: BinaryMorphologyOptions): Uint8Array {
  assertImageSize(mask.length, options, "mask");
  const { width, height, radius = 1, shape = "square", iterations = 1 } = options;
  const margin = radius * iterations;
  // Rows a multiple of 4 bytes long let the column pass work on 32-bit words.
  const paddedWidth = (width + 2 * margin + 3) & ~3;
  const paddedHeight = height + 2 * margin;
  const padded = new Uint8Array(paddedWidth * paddedHeight);
  for (let y = 0; y < height; y++) {
    padded.set(mask.subarray(y * width, (y + 1) * width), (y + margin) * paddedWidth + margin);
  }
  const size = { width: paddedWidth, height: paddedHeight, radius, shape, iterations };
  const closed = erodeBinary(dilateBinary(padded, size), size);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const start = (y + margin) * paddedWidth + margin;
    out.set(closed.subarray(start, start + width), y * width);
  }
  return out;
}
