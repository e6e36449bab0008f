import { describe, expect, it } from "vitest";
import { closeBinary } from "../morphology/close-binary.ts";
import { labelComponents } from "../morphology/label-components.ts";
import { recloseWithout } from "./reclose-without.ts";

describe("recloseWithout(closedBefore, fiberMask, changedBoxes, options)", () => {
  it("equals a full closing after removing some fibers", () => {
    // Blobs on a jittered 14-px grid; every third blob is removed.
    const width = 150;
    const height = 110;
    let state = 5;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const mask = new Uint8Array(width * height);
    for (let cy = 6; cy < height; cy += 14) {
      for (let cx = 6; cx < width; cx += 14) {
        const r = 3 + 3 * random();
        const ox = cx + 3 * random();
        const oy = cy + 3 * random();
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++)
            if ((x - ox) ** 2 + (y - oy) ** 2 <= r * r) mask[y * width + x] = 1;
        }
      }
    }
    const options = { width, height, closingIterations: 4 };
    const before = closeBinary(mask, { width, height, iterations: 4 });
    const { labels, count } = labelComponents(mask, { width, height });
    const after = mask.slice();
    const boxes: Array<{ x: number; y: number; width: number; height: number }> = [];
    for (let label = 3; label <= count; label += 3) {
      let x0 = width;
      let y0 = height;
      let x1 = -1;
      let y1 = -1;
      for (let i = 0; i < labels.length; i++) {
        if (labels[i] !== label) continue;
        after[i] = 0;
        const x = i % width;
        const y = Math.floor(i / width);
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
      boxes.push({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 });
    }
    // Few boxes: updated in windows; all of them: falls back to a full closing. Both must agree.
    const expected = closeBinary(after, { width, height, iterations: 4 });
    expect(recloseWithout(before, after, boxes.slice(0, 3), options)).not.toEqual(expected);
    expect(recloseWithout(before, after, boxes, options)).toEqual(expected);
    const fewRemoved = mask.slice();
    for (let i = 0; i < labels.length; i++)
      if (labels[i] === 3 || labels[i] === 6) fewRemoved[i] = 0;
    expect(recloseWithout(before, fewRemoved, boxes.slice(0, 2), options)).toEqual(
      closeBinary(fewRemoved, { width, height, iterations: 4 }),
    );
  });
});
