import { describe, expect, it } from "vitest";
import { measureFeatureCoverage } from "./measure-feature-coverage.ts";

describe("measureFeatureCoverage(points, covering, query, options)", () => {
  // Covering points 0–4 on a unit grid line y = 0; query points follow.
  const points = Float64Array.from([
    0, 0, 1, 0, 2, 0, 3, 0, 4, 0,
    // 5: between covering points, 6: just off the line, 7 and 8: far away
    2.5, 0, 1, 0.5, 10, 10, -8, 3,
  ]);
  const covering = [0, 1, 2, 3, 4];

  it("counts query points inside the k-NN balls of the covering set", () => {
    // With k = 1 every ball has radius 1.
    expect(measureFeatureCoverage(points, covering, [5, 6, 7, 8], { dimensions: 2, k: 1 })).toBe(
      0.5,
    );
  });

  it("grows the balls with k", () => {
    // With k = 4 the end points' balls reach radius 4, still short of (10, 10) and (-8, 3).
    expect(measureFeatureCoverage(points, covering, [5, 6, 7, 8], { dimensions: 2, k: 4 })).toBe(
      0.5,
    );
    const near = Float64Array.from([...points, 7.5, 0]);
    expect(measureFeatureCoverage(near, covering, [9], { dimensions: 2, k: 1 })).toBe(0);
    expect(measureFeatureCoverage(near, covering, [9], { dimensions: 2, k: 4 })).toBe(1);
  });

  it("returns 0 for an empty query", () => {
    expect(measureFeatureCoverage(points, covering, [], { dimensions: 2 })).toBe(0);
  });

  it("rejects too few covering points and indices out of range", () => {
    expect(() => measureFeatureCoverage(points, [0, 1], [5], { dimensions: 2, k: 3 })).toThrow(
      new RangeError("covering must have at least k + 1 = 4 points, got 2"),
    );
    expect(() => measureFeatureCoverage(points, covering, [9], { dimensions: 2 })).toThrow(
      new RangeError("point index must be in [0, 9), got 9"),
    );
    expect(() => measureFeatureCoverage(points, covering, [5], { dimensions: 4 })).toThrow(
      new RangeError("points length must be a multiple of dimensions 4, got 18"),
    );
  });
});
