import { describe, expect, it } from "vitest";
import { quantizeWeightMap } from "./quantize-weight-map.ts";

describe("quantizeWeightMap(weights, options)", () => {
  it("stores round(weight · 100) by default, to a 0.01 step", () => {
    const stored = quantizeWeightMap(Float32Array.from([10, 50, 344.567, 0.004]));
    expect(Array.from(stored)).toEqual([1000, 5000, 34457, 0]);
  });

  it("clamps to the 16-bit range", () => {
    expect(Array.from(quantizeWeightMap(Float32Array.from([-3, 1000]), { scale: 100 }))).toEqual([
      0, 65535,
    ]);
  });

  it("rejects a non-positive scale", () => {
    expect(() => quantizeWeightMap(new Float32Array(1), { scale: 0 })).toThrow(
      /scale must be a finite number > 0, got 0/,
    );
  });
});
