import { describe, expect, it } from "vitest";
import { convexHull } from "./convex-hull.ts";
import { polygonArea } from "./polygon-area.ts";

describe("convexHull(points)", () => {
  it("drops interior and collinear points and starts at the topmost-leftmost vertex, counterclockwise on screen (ImageJ's order)", () => {
    // Square corners, edge midpoints (collinear) and the centre, shuffled.
    const points = [2, 2, 1, 0, 0, 0, 2, 0, 1, 1, 0, 2, 2, 1, 0, 1, 1, 2];
    expect(Array.from(convexHull(points))).toEqual([0, 0, 0, 2, 2, 2, 2, 0]);
  });

  it("handles a triangle and duplicates", () => {
    const points = [4, 0, 0, 3, 0, 0, 4, 0, 0, 3];
    const hull = convexHull(points);
    expect(Array.from(hull)).toEqual([0, 0, 0, 3, 4, 0]);
    expect(polygonArea(hull)).toBe(6);
  });

  it("reduces collinear points to their two ends and identical points to one", () => {
    expect(Array.from(convexHull([0, 0, 1, 1, 3, 3, 2, 2]))).toEqual([0, 0, 3, 3]);
    expect(Array.from(convexHull([5, 5, 5, 5]))).toEqual([5, 5]);
    expect(convexHull([]).length).toBe(0);
  });

  it("keeps every vertex of a convex polygon (a regular octagon)", () => {
    const points: number[] = [];
    for (let k = 0; k < 8; k++)
      points.push(Math.cos((k * Math.PI) / 4), Math.sin((k * Math.PI) / 4));
    const hull = convexHull(points);
    expect(hull.length).toBe(16);
    // Area of a regular octagon of circumradius 1: 2√2.
    expect(polygonArea(hull)).toBeCloseTo(2 * Math.SQRT2, 12);
  });
});
