/**
 * @module statistics/paired-t-test
 * Paired Student's t-test, as the SYNTA paper used for its expert survey
 * (SciPy `ttest_rel`). The distribution work is @stdlib/stats-ttest; this file
 * only validates the input and handles the degenerate case stdlib reports as NaN.
 */
import ttest from "@stdlib/stats-ttest";

export interface PairedTestResult {
  /** t statistic (Wilcoxon: the signed-rank sum W+); NaN when undefined. */
  statistic: number;
  /** Two-sided p-value; NaN when the test is undefined (too few pairs, no variation). */
  pValue: number;
  /** Number of pairs entering the test. */
  n: number;
  /** Mean of x − y over the pairs. */
  meanDifference: number;
}

export interface PairedTTestOptions {
  /**
   * Alternative hypothesis about the mean of x − y.
   * @default "two-sided"
   */
  alternative?: "two-sided" | "less" | "greater";
}

/** Throws a RangeError unless x and y are equally long arrays of finite numbers. */
export function assertPairedSamples(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) {
    throw new RangeError(`x and y must have the same length, got ${x.length} and ${y.length}`);
  }
  for (const [name, values] of [
    ["x", x],
    ["y", y],
  ] as const) {
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new RangeError(`${name}[${bad}] must be a finite number, got ${values[bad]}`);
  }
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * Paired t-test of x against y (H0: mean(x − y) = 0). With fewer than two
 * pairs, or when every difference is identical (zero variance), the test is
 * undefined and statistic and p-value are NaN, as SciPy returns.
 */
export function computePairedTTest(
  x: readonly number[],
  y: readonly number[],
  options: PairedTTestOptions = {},
): PairedTestResult {
  assertPairedSamples(x, y);
  const alternative = options.alternative ?? "two-sided";
  const differences = x.map((v, i) => v - (y[i] ?? 0));
  const meanDifference = mean(differences);
  const n = x.length;
  const isConstant = differences.every((d) => d === differences[0]);
  if (n < 2 || isConstant) {
    return { statistic: Number.NaN, pValue: Number.NaN, n, meanDifference };
  }
  const out = ttest([...x], [...y], { alternative });
  return { statistic: out.statistic, pValue: out.pValue, n, meanDifference };
}
