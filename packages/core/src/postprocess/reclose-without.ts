/**
 * @module postprocess/reclose-without
 * The closing of a fiber mask after some fibers were taken out, updated only
 * around them. A closing by a square of radius r at a pixel depends only on
 * the mask within 2r of it, so outside the removed fibers' boxes grown by 2r
 * the previous closing stands; inside, the closing is recomputed on a window
 * grown by another 2r.
 */
import { closeBinary } from "../morphology/close-binary.ts";
import { assertImageSize, type ImageSize } from "../morphology/image-size.ts";

export interface RecloseWithoutOptions extends ImageSize {
  /** Radius of the closing's square (Fiji: the number of Dilate/Erode repetitions). */
  closingIterations: number;
}

/** A pixel box: columns x…x+width-1, rows y…y+height-1. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Returns `closeBinary(fiberMask)` given `closedBefore`, the closing of a
 * mask that differed from `fiberMask` only inside `changedBoxes`.
 */
export function recloseWithout(
  closedBefore: Uint8Array,
  fiberMask: Uint8Array,
  changedBoxes: readonly Box[],
  options: RecloseWithoutOptions,
): Uint8Array {
  const pixelCount = assertImageSize(closedBefore.length, options, "closedBefore");
  assertImageSize(fiberMask.length, options, "fiberMask");
  const { width, height, closingIterations } = options;
  const reach = 2 * closingIterations;
  const clamp = (box: Box, grow: number) => {
    const x0 = Math.max(box.x - grow, 0);
    const y0 = Math.max(box.y - grow, 0);
    const x1 = Math.min(box.x + box.width - 1 + grow, width - 1);
    const y1 = Math.min(box.y + box.height - 1 + grow, height - 1);
    return { x0, y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
  };
  let windowArea = 0;
  for (const box of changedBoxes) {
    const context = clamp(box, 2 * reach);
    windowArea += context.w * context.h;
  }
  // Many or large changes: one full closing is cheaper than the windows.
  if (windowArea > pixelCount / 4)
    return closeBinary(fiberMask, { width, height, iterations: closingIterations });

  const closed = closedBefore.slice();
  for (const box of changedBoxes) {
    const context = clamp(box, 2 * reach);
    const target = clamp(box, reach);
    const window = new Uint8Array(context.w * context.h);
    for (let y = 0; y < context.h; y++) {
      const source = (context.y0 + y) * width + context.x0;
      window.set(fiberMask.subarray(source, source + context.w), y * context.w);
    }
    const windowClosed = closeBinary(window, {
      width: context.w,
      height: context.h,
      iterations: closingIterations,
    });
    for (let y = target.y0; y < target.y0 + target.h; y++) {
      const from = (y - context.y0) * context.w + (target.x0 - context.x0);
      closed.set(windowClosed.subarray(from, from + target.w), y * width + target.x0);
    }
  }
  return closed;
}
