import { describe, expect, it } from "vitest";
import { fillSmallHoles } from "./fill-small-holes.ts";

describe("fillSmallHoles(mask, options)", () => {
  // 7×5: a ring around a 1-px hole, a 2-px hole, and a 3-px background bay on the right border.
  // 1 1 1 1 1 1 0
  // 1 0 1 0 0 1 0
  // 1 1 1 1 1 1 0
  // 1 1 1 1 1 1 1
  // 1 1 1 1 1 1 1
  const mask = Uint8Array.from([
    1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1,
  ]);

  it("fills background regions under maxArea, even those touching the border (MorphoLibJ recipe)", () => {
    const filled = fillSmallHoles(mask, { width: 7, height: 5, maxArea: 3 });
    // The 1- and 2-px holes go; the 3-px bay stays (3 is not below 3).
    expect(Array.from(filled.subarray(0, 14))).toEqual([1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0]);
    expect(
      Array.from(fillSmallHoles(mask, { width: 7, height: 5, maxArea: 4 })).every((v) => v === 1),
    ).toBe(true);
  });

  it("rejects a negative maxArea", () => {
    expect(() => fillSmallHoles(mask, { width: 7, height: 5, maxArea: -1 })).toThrow(
      /maxArea must be a number ≥ 0, got -1/,
    );
  });
});
