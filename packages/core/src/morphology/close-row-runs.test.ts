import { describe, expect, it } from "vitest";
import { closeBinary } from "./close-binary.ts";
import { closeRowRuns } from "./close-row-runs.ts";
import { paintRowRuns, toRowRuns } from "./row-runs.ts";

/** A mask of random blobs and specks, some touching the border, from a fixed seed. */
function makeMask(width: number, height: number, seed: number): Uint8Array {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const mask = new Uint8Array(width * height);
  for (let blob = 0; blob < 40; blob++) {
    const cx = random() * width;
    const cy = random() * height;
    const r = 1 + random() * 9;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) mask[y * width + x] = 1;
      }
    }
  }
  for (let i = 0; i < mask.length; i++) if (random() < 0.01) mask[i] = 1;
  return mask;
}

describe("closeRowRuns(rows, options)", () => {
  it("gives closeBinary's pixels for masks touching the border, for 1 to 12 iterations", () => {
    for (const [width, height, seed] of [
      [97, 61, 1],
      [40, 130, 2],
      [150, 90, 3],
    ] as const) {
      const mask = makeMask(width, height, seed);
      const rows = Array.from({ length: height }, (_, y) => toRowRuns(mask, y * width, width));
      for (const iterations of [0, 1, 3, 7, 12]) {
        const expected = closeBinary(mask, { width, height, iterations, radius: 1 });
        const closed = closeRowRuns(rows, { width, iterations });
        const painted = new Uint8Array(width * height);
        closed.forEach((runs, y) => {
          paintRowRuns(runs, painted, y * width);
        });
        expect(painted, `${width}×${height}, ${iterations} iterations`).toEqual(expected);
      }
    }
  });

  it("rejects a bad width or iteration count", () => {
    expect(() => closeRowRuns([], { width: 0, iterations: 1 })).toThrow(
      /width must be a positive integer, got 0/,
    );
    expect(() => closeRowRuns([], { width: 5, iterations: 1.5 })).toThrow(
      /iterations must be a non-negative integer, got 1.5/,
    );
  });
});
