/**
 * @module morphology/fill-holes
 * Hole filling: background regions that do not reach the image border become
 * foreground, as ImageJ's Process › Binary › Fill Holes does.
 */
import { assertImageSize, type ImageSize } from "./image-size.ts";
import { toBinaryMask } from "./to-binary-mask.ts";

export interface FillHolesOptions extends ImageSize {
  /**
   * Connectivity of the background. 4 (the default) is the dual of 8-connected
   * objects: a background region touching the outside only through a corner
   * between two diagonal object pixels is a hole.
   * @default 4
   */
  connectivity?: 4 | 8;
}

/** Returns a new 0/1 mask with every hole of `mask !== 0` filled. */
export function fillHoles(mask: Uint8Array, options: FillHolesOptions): Uint8Array {
  const pixelCount = assertImageSize(mask.length, options, "mask");
  const { width, height, connectivity = 4 } = options;
  if (connectivity !== 4 && connectivity !== 8) {
    throw new RangeError(`connectivity must be 4 or 8, got ${String(connectivity)}`);
  }
  // 1 = object, 2 = background reached from the border; 0 left over = hole.
  const state = toBinaryMask(mask);
  const stack = new Int32Array(pixelCount);
  let top = 0;
  const seed = (i: number) => {
    if (state[i] === 0) {
      state[i] = 2;
      stack[top++] = i;
    }
  };
  for (let x = 0; x < width; x++) {
    seed(x);
    seed((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    seed(y * width);
    seed(y * width + width - 1);
  }
  while (top > 0) {
    const i = stack[--top] as number;
    const x = i % width;
    const y = (i - x) / width;
    const hasLeft = x > 0;
    const hasRight = x + 1 < width;
    if (hasLeft) seed(i - 1);
    if (hasRight) seed(i + 1);
    if (y > 0) {
      seed(i - width);
      if (connectivity === 8) {
        if (hasLeft) seed(i - width - 1);
        if (hasRight) seed(i - width + 1);
      }
    }
    if (y + 1 < height) {
      seed(i + width);
      if (connectivity === 8) {
        if (hasLeft) seed(i + width - 1);
        if (hasRight) seed(i + width + 1);
      }
    }
  }
  const out = new Uint8Array(pixelCount);
  for (let i = 0; i < pixelCount; i++) out[i] = state[i] === 2 ? 0 : 1;
  return out;
}
