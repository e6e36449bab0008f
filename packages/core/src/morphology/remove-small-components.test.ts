import { describe, expect, it } from "vitest";
import { removeSmallComponents } from "./remove-small-components.ts";

describe("removeSmallComponents(mask, options)", () => {
  // A 3-pixel bar, a 2-pixel diagonal pair, and a single pixel:
  // 1 1 1 0 0
  // 0 0 0 1 0
  // 0 0 0 0 1
  // 1 0 0 0 0
  const mask = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);

  it("keeps components with at least minArea pixels, 4-connected as MorphoLibJ's area opening", () => {
    const out = removeSmallComponents(mask, { width: 5, height: 4, minArea: 2 });
    // With 4-connectivity the diagonal pair is two single pixels: only the bar survives.
    expect(Array.from(out)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("counts the diagonal pair as one component with 8-connectivity", () => {
    const out = removeSmallComponents(mask, { width: 5, height: 4, minArea: 2, connectivity: 8 });
    // (3,1) touches the bar's end (2,0) diagonally and (4,2) touches (3,1): one component of 5;
    // the pixel at (0,3) stays alone and goes.
    expect(Array.from(out)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  });

  it("rejects a negative minArea", () => {
    expect(() => removeSmallComponents(mask, { width: 5, height: 4, minArea: -3 })).toThrow(
      /minArea must be a number ≥ 0, got -3/,
    );
  });
});
