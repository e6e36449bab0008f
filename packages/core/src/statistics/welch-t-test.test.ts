import { describe, expect, it } from "vitest";
import { computeWelchTTest } from "./welch-t-test.ts";

// Reference values: scipy 1.17.1 scipy.stats.ttest_ind(x, y, equal_var=False)
// (statistic, pvalue, df), run on the literal samples below.
const A = [12.1, 14.3, 9.8, 11.0, 13.5, 10.2];
const B = [15.2, 17.8, 16.1, 14.9, 18.3, 16.6, 19.0];
const C = [3, 4, 4, 5, 6, 6, 6, 7, 8, 9, 10, 10];
const D = [5, 6, 7, 7, 8, 9, 9, 10, 11, 12, 12, 13, 14];

describe("computeWelchTTest", () => {
  it("computeWelchTTest(x, y) matches SciPy's ttest_ind(equal_var=False) statistic, p and df", () => {
    const ab = computeWelchTTest(A, B);
    expect(ab.statistic).toBeCloseTo(-5.299695896356118, 10);
    expect(ab.pValue).toBeCloseTo(0.0003434893460778966, 10);
    expect(ab.df).toBeCloseTo(10.036416430009728, 9);
    const cd = computeWelchTTest(C, D);
    expect(cd.statistic).toBeCloseTo(-2.8595886873862284, 10);
    expect(cd.pValue).toBeCloseTo(0.008913148477473515, 10);
    expect(cd.df).toBeCloseTo(22.79468001310895, 9);
  });

  it("returns NaN instead of throwing when a sample has one value or nothing varies", () => {
    expect(computeWelchTTest([1], [2, 3]).pValue).toBeNaN();
    expect(computeWelchTTest([2, 2], [2, 2]).statistic).toBeNaN();
  });

  it("rejects a non-finite value naming the sample and index", () => {
    expect(() => computeWelchTTest([1, Number.NaN], [2, 3])).toThrow(/x\[1\]/);
  });
});
