import { describe, expect, it } from "vitest";
import { polygonArea } from "./polygon-area.ts";
import { traceWandOutline } from "./trace-wand-outline.ts";

/** Builds an inside-predicate from rows of "#" (inside) and "." (outside). */
function mask(rows: string[]) {
  const height = rows.length;
  const width = (rows[0] as string).length;
  return (x: number, y: number) =>
    x >= 0 && y >= 0 && x < width && y < height && (rows[y] as string)[x] === "#";
}

function signedArea(polygon: Int32Array): number {
  let twice = 0;
  const n = polygon.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    twice +=
      (polygon[2 * j] as number) * (polygon[2 * i + 1] as number) -
      (polygon[2 * i] as number) * (polygon[2 * j + 1] as number);
  }
  return twice / 2;
}

describe("traceWandOutline(inside, start)", () => {
  it("outlines one pixel by its four corners, starting down the right edge of its run as ImageJ's wand does", () => {
    // Pixel (1, 1) spans the corners (1, 1)–(2, 2); the wand starts at (2, 2) after walking down x = 2.
    const outline = traceWandOutline(mask(["...", ".#.", "..."]), { x: 1, y: 1 });
    expect(Array.from(outline)).toEqual([2, 2, 1, 2, 1, 1, 2, 1]);
  });

  it("lists only corners, clockwise on screen (positive shoelace area in image coordinates)", () => {
    // A 3×2 rectangle at (1, 1): corners (1,1), (4,1), (4,3), (1,3).
    const outline = traceWandOutline(mask([".....", ".###.", ".###.", "....."]), { x: 1, y: 1 });
    expect(Array.from(outline)).toEqual([4, 3, 1, 3, 1, 1, 4, 1]);
    expect(signedArea(outline)).toBe(6);
  });

  it("follows an L shape and encloses exactly its pixels", () => {
    const rows = ["#..", "#..", "###"];
    const outline = traceWandOutline(mask(rows), { x: 0, y: 0 });
    expect(outline.length / 2).toBe(6);
    expect(polygonArea(outline)).toBe(5);
  });

  it("joins diagonal neighbours into one outline (8-connectivity)", () => {
    const outline = traceWandOutline(mask(["#.", ".#"]), { x: 0, y: 0 });
    // Both pixels' corners, with the shared vertex (1, 1) visited twice.
    expect(polygonArea(outline)).toBe(2);
    expect(outline.length / 2).toBe(8);
  });

  it("traces the outer boundary only and ignores holes", () => {
    const outline = traceWandOutline(mask(["###", "#.#", "###"]), { x: 0, y: 0 });
    expect(Array.from(outline)).toEqual([3, 3, 0, 3, 0, 0, 3, 0]);
  });

  it("throws a RangeError when start is not a pixel of the region", () => {
    expect(() => traceWandOutline(mask(["#."]), { x: 1, y: 0 })).toThrow(RangeError);
    expect(() => traceWandOutline(mask(["#."]), { x: 1, y: 0 })).toThrow(/\(1, 0\)/);
  });
});
