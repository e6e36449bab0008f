import { describe, expect, it } from "vitest";
import { computeMannWhitneyU } from "./mann-whitney-u.ts";

// Reference values: scipy 1.17.1
// scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method=...) on the samples below.
const A = [12.1, 14.3, 9.8, 11.0, 13.5, 10.2];
const B = [15.2, 17.8, 16.1, 14.9, 18.3, 16.6, 19.0];
const C = [3, 4, 4, 5, 6, 6, 6, 7, 8, 9, 10, 10];
const D = [5, 6, 7, 7, 8, 9, 9, 10, 11, 12, 12, 13, 14];
const E = [1.5, 2.5, 3.5];
const F = [2.0, 4.0, 6.0, 8.0];

describe("computeMannWhitneyU", () => {
  it("uses the exact distribution for small samples without ties, as SciPy's method='auto'", () => {
    const ab = computeMannWhitneyU(A, B);
    expect(ab.method).toBe("exact");
    expect(ab.statistic).toBe(0);
    expect(ab.pValue).toBeCloseTo(0.0011655011655011655, 12);
    const ef = computeMannWhitneyU(E, F);
    expect(ef.statistic).toBe(2);
    expect(ef.pValue).toBeCloseTo(0.22857142857142856, 12);
  });

  it("uses the normal approximation with tie and continuity correction when there are ties", () => {
    const cd = computeMannWhitneyU(C, D);
    expect(cd.method).toBe("asymptotic");
    expect(cd.statistic).toBe(33.5);
    expect(cd.pValue).toBeCloseTo(0.016157362907866846, 10);
  });

  it("method 'asymptotic' matches SciPy's asymptotic p-value without ties", () => {
    expect(computeMannWhitneyU(A, B, { method: "asymptotic" }).pValue).toBeCloseTo(
      0.0034052358212947604,
      10,
    );
    expect(computeMannWhitneyU(E, F, { method: "asymptotic" }).pValue).toBeCloseTo(
      0.2159249389401403,
      10,
    );
  });

  it("refuses the exact method on tied samples and unknown methods", () => {
    expect(() => computeMannWhitneyU(C, D, { method: "exact" })).toThrow(/ties/);
    expect(() => computeMannWhitneyU(A, B, { method: "bogus" as unknown as "exact" })).toThrow(
      /method/,
    );
  });

  it("is undefined (NaN) for an empty sample", () => {
    expect(computeMannWhitneyU([], [1, 2]).pValue).toBeNaN();
  });
});
