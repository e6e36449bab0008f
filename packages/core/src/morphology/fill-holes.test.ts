import { describe, expect, it } from "vitest";
import { fillHoles } from "./fill-holes.ts";

describe("fillHoles(mask, options)", () => {
  it("fills a hole enclosed by a ring but not a bay open to the border", () => {
    // 1 1 1 0 1
    // 1 0 1 0 1
    // 1 1 1 0 1
    const mask = Uint8Array.from([1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1]);
    expect(Array.from(fillHoles(mask, { width: 5, height: 3 }))).toEqual([
      1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1,
    ]);
  });

  it("treats a hole leaking through a diagonal gap as closed with 4-connected background", () => {
    // 0 1 1 1
    // 1 0 0 1
    // 1 1 1 1  — the inner pair touches the outside corner only diagonally.
    const mask = Uint8Array.from([0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(fillHoles(mask, { width: 4, height: 3 }))).toEqual([
      0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ]);
    expect(Array.from(fillHoles(mask, { width: 4, height: 3, connectivity: 8 }))).toEqual(
      Array.from(mask),
    );
  });
});
