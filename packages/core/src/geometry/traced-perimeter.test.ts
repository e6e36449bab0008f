import { describe, expect, it } from "vitest";
import { tracedPerimeter } from "./traced-perimeter.ts";

const CORNER = 2 - Math.SQRT2;

describe("tracedPerimeter(polygon, options)", () => {
  it("gives ImageJ's documented values: 1×1 pixel 4 − 2(2 − √2), 2×2 pixels 8 − 4(2 − √2)", () => {
    expect(tracedPerimeter([1, 1, 0, 1, 0, 0, 1, 0])).toBeCloseTo(4 - 2 * CORNER, 12);
    expect(tracedPerimeter([2, 2, 0, 2, 0, 0, 2, 0])).toBeCloseTo(8 - 4 * CORNER, 12);
  });

  it("cuts every corner of a large rectangle: 10×4 → 28 − 4(2 − √2)", () => {
    expect(tracedPerimeter([10, 4, 0, 4, 0, 0, 10, 0])).toBeCloseTo(28 - 4 * CORNER, 12);
  });

  it("counts alternate vertices of a staircase, so unit steps cost about √2 instead of 2", () => {
    // Pixels (0,0); (0,1),(1,1); (0,2),(1,2),(2,2): a 3-step staircase.
    const staircase = [1, 0, 1, 1, 2, 1, 2, 2, 3, 2, 3, 3, 0, 3, 0, 0];
    // Sides entering each vertex: 1,1,1,1,1,1,3,3 (sum 12). A vertex counts as a
    // corner when its incoming side is longer than 1 or the previous vertex did
    // not count: vertices 0, 2, 4 (alternating unit sides), 6 and 7 → 5 corners.
    expect(tracedPerimeter(staircase)).toBeCloseTo(12 - 5 * CORNER, 12);
  });

  it("calibrates x and y separately: Σ|dx|·w + Σ|dy|·h − n·(w + h − √(w² + h²))", () => {
    const square = [2, 2, 0, 2, 0, 0, 2, 0];
    const w = 0.5;
    const h = 2;
    expect(tracedPerimeter(square, { pixelWidth: w, pixelHeight: h })).toBeCloseTo(
      4 * w + 4 * h - 4 * (w + h - Math.hypot(w, h)),
      12,
    );
  });

  it("returns 0 for fewer than four vertices, as ImageJ does", () => {
    expect(tracedPerimeter([0, 0, 1, 0, 1, 1])).toBe(0);
  });
});
