/**
 * @module postprocess/build-muscle-mask
 * The muscle mask of the SYNTA paper's Fiji toolset (HE_Muscle_Seg,
 * `createMuscleMask`): close the fiber mask (Dilate ×n, Erode ×n), fill the
 * small gaps (Invert, MorphoLibJ Area Opening, Invert) and keep the large
 * pieces (Analyze Particles with a minimum size).
 *
 * One deliberate difference: the closing is computed as if the image went on
 * with empty slide (`closeBinary`), so tissue cut by the image border is not
 * eroded from it. The toolset cropped that 10-px border artefact off its
 * non-whole-slide masks instead.
 */
import { closeBinary } from "../morphology/close-binary.ts";
import { fillSmallHoles } from "../morphology/fill-small-holes.ts";
import { assertImageSize, type ImageSize } from "../morphology/image-size.ts";
import { removeSmallComponents } from "../morphology/remove-small-components.ts";

export interface BuildMuscleMaskOptions extends ImageSize {
  /** 3×3 dilations (Fiji Binary › Dilate, count 1) followed by as many 3×3 erosions. */
  closingIterations: number;
  /** Background gaps (4-connected) with fewer pixels than this are filled. */
  holeAreaPx: number;
  /** Pieces (8-connected) with fewer pixels than this are removed; 0 keeps all. */
  minPieceAreaPx: number;
}

export interface MuscleMask {
  /** 0/1 muscle mask. */
  mask: Uint8Array;
  /** The closing it was made from, to update cheaply when a few fibers go (`recloseWithout`). */
  closed: Uint8Array;
}

/** Fills the small gaps of a closed fiber mask and drops its small pieces. */
export function finishMuscleMask(closed: Uint8Array, options: BuildMuscleMaskOptions): Uint8Array {
  const { width, height, holeAreaPx, minPieceAreaPx } = options;
  // Area opening of the inverse: background pieces below holeAreaPx become muscle.
  const filled = fillSmallHoles(closed, { width, height, maxArea: holeAreaPx, connectivity: 4 });
  if (minPieceAreaPx <= 0) return filled;
  return removeSmallComponents(filled, { width, height, minArea: minPieceAreaPx, connectivity: 8 });
}

/** Returns the muscle mask of the fibers `fiberMask !== 0`, and the closing behind it. */
export function buildMuscleMask(
  fiberMask: Uint8Array,
  options: BuildMuscleMaskOptions,
): MuscleMask {
  assertImageSize(fiberMask.length, options, "fiberMask");
  const { width, height, closingIterations } = options;
  const closed = closeBinary(fiberMask, { width, height, iterations: closingIterations });
  return { mask: finishMuscleMask(closed, options), closed };
}
