/**
 * @module statistics/welch-t-test
 * Welch's unequal-variance two-sample t-test on per-section values (SciPy
 * `ttest_ind(equal_var=False)`). The distribution work is @stdlib/stats-ttest2;
 * this file validates the samples and reports the degenerate cases as NaN, as
 * SciPy does, instead of letting stdlib throw.
 */
import ttest2 from "@stdlib/stats-ttest2";

export interface TwoSampleTestResult {
  /** Test statistic (t for Welch, U of x for Mann–Whitney); NaN when undefined. */
  statistic: number;
  /** Two-sided p-value unless another alternative was asked for; NaN when undefined. */
  pValue: number;
  nX: number;
  nY: number;
}

export interface WelchTTestResult extends TwoSampleTestResult {
  /** Welch–Satterthwaite degrees of freedom; NaN when undefined. */
  df: number;
  /** mean(x) − mean(y). */
  meanDifference: number;
}

export interface WelchTTestOptions {
  /**
   * Alternative hypothesis about mean(x) − mean(y).
   * @default "two-sided"
   */
  alternative?: "two-sided" | "less" | "greater";
}

/** Throws a RangeError naming the sample unless every value is a finite number. */
export function assertFiniteSample(name: string, values: readonly number[]): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`${name}[${bad}] must be a finite number, got ${values[bad]}`);
}

function sampleMean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

function sampleVariance(values: readonly number[]): number {
  const m = sampleMean(values);
  return values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1);
}

/**
 * Welch's t-test of x against y (H0: equal means, variances not assumed equal).
 * Needs at least two values per sample and some variation; otherwise statistic,
 * p-value and df are NaN.
 */
export function computeWelchTTest(
  x: readonly number[],
  y: readonly number[],
  options: WelchTTestOptions = {},
): WelchTTestResult {
  assertFiniteSample("x", x);
  assertFiniteSample("y", y);
  const alternative = options.alternative ?? "two-sided";
  const meanDifference = sampleMean(x) - sampleMean(y);
  const base = { nX: x.length, nY: y.length, meanDifference };
  if (x.length < 2 || y.length < 2) {
    return { ...base, statistic: Number.NaN, pValue: Number.NaN, df: Number.NaN };
  }
  const vx = sampleVariance(x) / x.length;
  const vy = sampleVariance(y) / y.length;
  if (vx + vy === 0) return { ...base, statistic: Number.NaN, pValue: Number.NaN, df: Number.NaN };
  const out = ttest2([...x], [...y], { alternative, variance: "unequal" });
  // Welch–Satterthwaite; stdlib computes it too but does not report it.
  const df = (vx + vy) ** 2 / (vx ** 2 / (x.length - 1) + vy ** 2 / (y.length - 1));
  return { ...base, statistic: out.statistic, pValue: out.pValue, df };
}
