import { describe, expect, it } from "vitest";
import { countGrades } from "./count-grades.ts";
import { computeKrippendorffAlphaOrdinal } from "./krippendorff-alpha.ts";
import { computePairedTTest } from "./paired-t-test.ts";
import { computeWeightedKappa } from "./weighted-kappa.ts";
import { computeWilcoxonSignedRank } from "./wilcoxon-signed-rank.ts";

// Two raters' grades (1..5) of ten ROIs for models X and Y: small ordinal data
// with ties and zero differences, like a survey.
const GRADES_X = [4, 5, 3, 4, 5, 2, 4, 3, 5, 4];
const GRADES_Y = [2, 3, 3, 2, 4, 2, 3, 1, 4, 3];
// SciPy's documented example data (scipy.stats.wilcoxon docs, Hollander &
// Wolfe): no ties, no zeros, so the exact distribution applies.
const DEPRESSION_X = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
const DEPRESSION_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];

describe("computePairedTTest", () => {
  it("matches SciPy 1.17.1 ttest_rel on survey-like grades", () => {
    // python3 -c "from scipy import stats; print(stats.ttest_rel(x, y))"
    // → statistic 4.810702354423638, pvalue 0.000959310299123677
    const result = computePairedTTest(GRADES_X, GRADES_Y);
    expect(result.statistic).toBeCloseTo(4.810702354423638, 10);
    expect(result.pValue).toBeCloseTo(0.000959310299123677, 12);
    expect(result.n).toBe(10);
    expect(result.meanDifference).toBeCloseTo(1.2, 12);
  });

  it("matches SciPy 1.17.1 ttest_rel on continuous data", () => {
    // → statistic 3.0353754156485917, pvalue 0.016176627434908088
    const result = computePairedTTest(DEPRESSION_X, DEPRESSION_Y);
    expect(result.statistic).toBeCloseTo(3.0353754156485917, 10);
    expect(result.pValue).toBeCloseTo(0.016176627434908088, 12);
  });

  it("returns NaN when all differences are equal (zero variance), as SciPy does", () => {
    const result = computePairedTTest([3, 4, 5], [3, 4, 5]);
    expect(result.pValue).toBeNaN();
    expect(result.statistic).toBeNaN();
  });

  it("rejects unequal lengths and non-finite values naming the parameter", () => {
    expect(() => computePairedTTest([1, 2], [1])).toThrow(/x and y must have the same length/);
    expect(() => computePairedTTest([1, Number.NaN], [1, 2])).toThrow(/x\[1\]/);
  });
});

describe("computeWilcoxonSignedRank", () => {
  it("matches SciPy 1.17.1 wilcoxon(method='approx') with ties and zero differences", () => {
    // stats.wilcoxon(x, y, method='approx') (zero_method='wilcox', correction=False)
    // → pvalue 0.009747807101173898, zstatistic -2.584649371023857 (W− = 0, so W+ = 36 over 8 non-zero pairs)
    const result = computeWilcoxonSignedRank(GRADES_X, GRADES_Y);
    expect(result.pValue).toBeCloseTo(0.009747807101173898, 12);
    expect(result.statistic).toBe(36);
  });

  it("caps the exact two-sided p-value at 1 when the statistic sits at the centre, as SciPy does", () => {
    // Differences +1, +2, −3: the exact tail doubled would be 1.25.
    const result = computeWilcoxonSignedRank([2, 3, 1], [1, 1, 4]);
    expect(result.pValue).toBe(1);
  });

  it("uses the exact distribution without ties or zeros, matching SciPy 1.17.1", () => {
    // stats.wilcoxon(x, y) → statistic 5.0 (= min(W+, W−); W+ = 45 − 5 = 40), pvalue 0.0390625
    const result = computeWilcoxonSignedRank(DEPRESSION_X, DEPRESSION_Y);
    expect(result.pValue).toBeCloseTo(0.0390625, 12);
    expect(result.statistic).toBe(40);
  });

  it("returns NaN when every pair is equal instead of throwing", () => {
    expect(computeWilcoxonSignedRank([2, 3, 4], [2, 3, 4]).pValue).toBeNaN();
  });
});

describe("computeWeightedKappa", () => {
  // Reference: an independent NumPy implementation of Cohen (1968),
  // 1 − Σ w·O / Σ w·E with w = |i−j|^p (equivalent to sklearn's
  // cohen_kappa_score(weights=…)), run with python3/NumPy 2.4.6:
  // linear 0.6470588235294117, quadratic 0.8421052631578947.
  const A = [1, 2, 3, 4, 5, 3, 2, 4, 5, 1, 3, 3];
  const B = [1, 3, 3, 4, 4, 2, 2, 5, 5, 2, 3, 4];

  it("computes linear weights as Cohen 1968 defines them", () => {
    expect(computeWeightedKappa(A, B, 5, { weights: "linear" })).toBeCloseTo(
      0.6470588235294117,
      12,
    );
  });

  it("computes quadratic weights as Cohen 1968 defines them", () => {
    expect(computeWeightedKappa(A, B, 5, { weights: "quadratic" })).toBeCloseTo(
      0.8421052631578947,
      12,
    );
  });

  it("is 1 for perfect agreement and rejects grades outside the scale", () => {
    expect(computeWeightedKappa([1, 2, 5], [1, 2, 5], 5)).toBe(1);
    expect(() => computeWeightedKappa([1, 6], [1, 2], 5)).toThrow(
      /a\[1\] must be an integer in 1..5/,
    );
  });
});

describe("computeKrippendorffAlphaOrdinal", () => {
  it("reproduces Krippendorff (2011)'s 4-coder × 12-unit example: α_ordinal = 0.815", () => {
    // Krippendorff, K. (2011) "Computing Krippendorff's Alpha-Reliability", §C
    // (nominal .743, ordinal .815, interval .849 for these data); null = missing.
    const coders = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
      [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];
    const units = Array.from({ length: 12 }, (_, u) => coders.map((coder) => coder[u] ?? null));
    expect(computeKrippendorffAlphaOrdinal(units, 5)).toBeCloseTo(0.815, 3);
  });

  it("is 1 for perfect agreement and NaN without variation", () => {
    expect(
      computeKrippendorffAlphaOrdinal(
        [
          [1, 1],
          [3, 3],
          [5, 5],
        ],
        5,
      ),
    ).toBe(1);
    expect(
      computeKrippendorffAlphaOrdinal(
        [
          [2, 2],
          [2, 2],
        ],
        5,
      ),
    ).toBeNaN();
  });

  it("rejects values outside the scale naming the cell", () => {
    expect(() => computeKrippendorffAlphaOrdinal([[1, 7]], 5)).toThrow(/units\[0\]\[1\]/);
  });
});

describe("countGrades", () => {
  it("counts per level and puts the middle level right of zero, as in the paper's Fig. 5", () => {
    const result = countGrades([1, 2, 2, 3, 4, 5, 5, 5], 5);
    expect(result.counts).toEqual([1, 2, 1, 1, 3]);
    expect(result.negative).toBe(3);
    expect(result.positive).toBe(5);
    expect(result.fractions[4]).toBeCloseTo(3 / 8, 12);
  });

  it("splits the middle level in half when asked", () => {
    const result = countGrades([3, 3, 1], 5, { middle: "split" });
    expect(result.negative).toBe(2);
    expect(result.positive).toBe(1);
  });
});
