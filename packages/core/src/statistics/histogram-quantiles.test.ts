import { describe, expect, it } from "vitest";
import {
  computeHistogramEcdf,
  computeHistogramQuantile,
  countHistogramTails,
  mergeHistograms,
} from "./histogram-quantiles.ts";

describe("histogram statistics", () => {
  it("mergeHistograms sums bin by bin and rejects different bin counts", () => {
    expect(
      mergeHistograms([
        [1, 2, 0],
        [0, 3, 4],
      ]),
    ).toEqual([1, 5, 4]);
    expect(() => mergeHistograms([[1], [1, 2]])).toThrow(/histograms\[1\]/);
  });

  it("computeHistogramQuantile interpolates inside the bin (grouped-data median)", () => {
    // Bins of 1 from 0: 2 values in [1,2), 4 in [2,3), 2 in [3,4); 4 of 8 below
    // the median → 2 + (4 − 2)/4 = 2.5. numpy 2.4.6
    // np.interp(4, [0,2,2,6,8], [0,1,2,3,4]) on the cumulative counts gives 2.5 too.
    expect(computeHistogramQuantile([0, 2, 4, 2], 0.5, { binWidth: 1 })).toBe(2.5);
    expect(computeHistogramQuantile([0, 2, 4, 2], 0.25, { binWidth: 1 })).toBe(2);
    expect(computeHistogramQuantile([0, 2, 4, 2], 1, { binWidth: 1 })).toBe(4);
    expect(computeHistogramQuantile([0, 0], 0.5)).toBeNaN();
  });

  it("computeHistogramEcdf rises to 1 at the last bin's right edge", () => {
    expect(computeHistogramEcdf([1, 1, 2], { binWidth: 0.5, start: 10 })).toEqual([
      { x: 10.5, fraction: 0.25 },
      { x: 11, fraction: 0.5 },
      { x: 11.5, fraction: 1 },
    ]);
  });

  it("countHistogramTails is exact on bin edges and splits the straddled bin in proportion", () => {
    const counts = [4, 4, 4, 4]; // bins of 0.5 from 0
    expect(countHistogramTails(counts, 0.5, 1.5)).toEqual({ below: 4, above: 4, total: 16 });
    expect(countHistogramTails(counts, 0.75, 1.25)).toEqual({ below: 6, above: 6, total: 16 });
    expect(() => countHistogramTails(counts, 2, 1)).toThrow(/lo must be/);
  });

  it("rejects a non-positive bin width and negative counts", () => {
    expect(() => computeHistogramQuantile([1], 0.5, { binWidth: 0 })).toThrow(/binWidth/);
    expect(() => computeHistogramEcdf([1, -1])).toThrow(/counts\[1\]/);
  });
});
