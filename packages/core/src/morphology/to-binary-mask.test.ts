import { describe, expect, it } from "vitest";
import { toBinaryMask } from "./to-binary-mask.ts";

describe("toBinaryMask(values)", () => {
  it("maps every non-zero byte to 1, word-aligned or not, whatever the length", () => {
    const bytes = [0, 1, 2, 127, 128, 129, 254, 255];
    for (const length of [1, 4, 7, 8, 13]) {
      const values = Uint8Array.from({ length }, (_, i) => bytes[(i * 5 + length) % 8] as number);
      const shifted = new Uint8Array(new ArrayBuffer(length + 3), 3);
      shifted.set(values);
      const expected = Array.from(values, (value) => (value === 0 ? 0 : 1));
      expect(Array.from(toBinaryMask(values))).toEqual(expected);
      expect(Array.from(toBinaryMask(shifted))).toEqual(expected);
    }
  });

  it("reads any label array's non-zero values as 1", () => {
    expect(Array.from(toBinaryMask(Int32Array.from([0, -3, 70000, 0])))).toEqual([0, 1, 1, 0]);
  });
});
