/**
 * @module morphology/to-binary-mask
 * 0/1 mask of the non-zero pixels of any image. A plain loop: the mapping
 * form of `TypedArray.from` is some 20× slower on large images.
 */
import type { LabelArray } from "./image-size.ts";

/** Returns a new mask with 1 where `values[i] !== 0`. */
export function toBinaryMask(values: LabelArray): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) out[i] = 1;
  return out;
}
