import { describe, expect, it } from "vitest";
import { findMaskRuns } from "./find-mask-runs.ts";

/** Runs by definition: maximal [start, end) stretches of selected pixels, row by row. */
function runsByDefinition(mask: Uint8Array, width: number, height: number, isInverted: boolean) {
  const rows: number[][] = [];
  for (let y = 0; y < height; y++) {
    const row: number[] = [];
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const isSelected = x < width && (mask[y * width + x] !== 0) !== isInverted;
      if (isSelected && start < 0) start = x;
      if (!isSelected && start >= 0) {
        row.push(start, x);
        start = -1;
      }
    }
    rows.push(row);
  }
  return rows;
}

function rowsOf(mask: Uint8Array, width: number, height: number, isInverted: boolean) {
  const { rowStart, bounds, count } = findMaskRuns(mask, { width, height, isInverted });
  expect(rowStart[height]).toBe(count);
  return Array.from({ length: height }, (_, y) =>
    Array.from(bounds.subarray(2 * (rowStart[y] as number), 2 * (rowStart[y + 1] as number))),
  );
}

describe("findMaskRuns(mask, options)", () => {
  it("finds the runs of non-zero (or, inverted, zero) pixels of any width and byte offset", () => {
    let state = 11;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (const width of [1, 3, 4, 7, 16, 33]) {
      const height = 9;
      for (const density of [0.05, 0.5, 0.95]) {
        const values = Uint8Array.from({ length: width * height }, () =>
          random() < density ? 1 + Math.floor(random() * 255) : 0,
        );
        // The same pixels at a byte offset that is not a multiple of 4.
        const shifted = new Uint8Array(new ArrayBuffer(values.length + 1), 1);
        shifted.set(values);
        for (const mask of [values, shifted]) {
          for (const isInverted of [false, true]) {
            expect(rowsOf(mask, width, height, isInverted)).toEqual(
              runsByDefinition(values, width, height, isInverted),
            );
          }
        }
      }
    }
  });

  it("runs stop at the end of each row", () => {
    const mask = Uint8Array.from([0, 1, 1, 1, 1, 0]);
    expect(rowsOf(mask, 3, 2, false)).toEqual([
      [1, 3],
      [0, 2],
    ]);
  });

  it("throws a RangeError naming the mask when its size does not match", () => {
    expect(() => findMaskRuns(new Uint8Array(5), { width: 2, height: 2 })).toThrow(/mask/);
  });
});
