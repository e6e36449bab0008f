import { describe, expect, it } from "vitest";
import { closeBinary } from "./close-binary.ts";
import { dilateBinary } from "./dilate-binary.ts";
import { erodeBinary } from "./erode-binary.ts";

describe("closeBinary(mask, options)", () => {
  it("bridges gaps without touching the nearby border or eroding tissue cut by it", () => {
    // 12×8: a bar cut by the left border (x 0–3, y 2–5) and a block 3 px to its right (x 7–9, y 2–5).
    const mask = new Uint8Array(12 * 8);
    for (let y = 2; y < 6; y++)
      for (let x = 0; x < 10; x++) if (x < 4 || x >= 7) mask[y * 12 + x] = 1;
    const expected = new Uint8Array(12 * 8);
    for (let y = 2; y < 6; y++) for (let x = 0; x < 10; x++) expected[y * 12 + x] = 1;
    expect(closeBinary(mask, { width: 12, height: 8, iterations: 2 })).toEqual(expected);
  });

  it("equals ImageJ's Dilate-then-Erode away from the border", () => {
    // Two squares 4 px apart in the middle of a 30×30 image, closed by 3.
    const mask = new Uint8Array(30 * 30);
    for (let y = 10; y < 18; y++)
      for (let x = 6; x < 24; x++) if (x < 12 || x >= 16) mask[y * 30 + x] = 1;
    const size = { width: 30, height: 30, iterations: 3 };
    expect(closeBinary(mask, size)).toEqual(erodeBinary(dilateBinary(mask, size), size));
  });
});
