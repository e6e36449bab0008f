import { describe, expect, it } from "vitest";
import { summarizeLocalThickness } from "./summarize-local-thickness.ts";

describe("summarizeLocalThickness(thicknessUm, binWidthUm)", () => {
  it("averages the positive values and bins them by width", () => {
    // Values 1.5, 2.5, 2.9, 6 (zeros are background): mean 12.9 / 4, bins [0,2) 1, [2,4) 2, [4,6) 0, [6,8) 1.
    const summary = summarizeLocalThickness(Float32Array.from([0, 1.5, 0, 2.5, 2.9, 6]), 2);
    expect(summary.pixelCount).toBe(4);
    expect(summary.meanUm).toBeCloseTo((1.5 + 2.5 + Math.fround(2.9) + 6) / 4, 6);
    expect(summary.maxUm).toBe(6);
    expect(summary.histogram).toEqual({ binWidthUm: 2, counts: [1, 2, 0, 1] });
  });

  it("reports nothing for an empty map and rejects a bin width ≤ 0", () => {
    expect(summarizeLocalThickness(new Float32Array(3), 1)).toEqual({
      pixelCount: 0,
      meanUm: 0,
      maxUm: 0,
      histogram: { binWidthUm: 1, counts: [] },
    });
    expect(() => summarizeLocalThickness(new Float32Array(3), 0)).toThrow(
      /binWidthUm must be > 0, got 0/,
    );
  });
});
