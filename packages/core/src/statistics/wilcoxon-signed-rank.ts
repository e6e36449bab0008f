/**
 * @module statistics/wilcoxon-signed-rank
 * Wilcoxon signed-rank test for paired ordinal grades, through
 * @stdlib/stats-wilcoxon.
 *
 * Zeros and ties: survey grades are small integers, so many pairs are equal
 * (zero difference) and many |differences| tie. With the default
 * `zeroMethod: "wilcox"` zero differences are dropped before ranking (SciPy's
 * default); `"pratt"` ranks them and then drops their ranks; `"zsplit"` splits
 * them between the signs. Tied |differences| get mid-ranks and the variance is
 * corrected for ties; whenever there are ties or zeros (or more than 50 pairs)
 * the p-value comes from the normal approximation, otherwise from the exact
 * signed-rank distribution. The continuity correction is off by default, as in
 * SciPy (`correction=False`).
 */
import wilcoxon from "@stdlib/stats-wilcoxon";
import { assertPairedSamples, type PairedTestResult } from "./paired-t-test.ts";

export interface WilcoxonSignedRankOptions {
  /** @default "wilcox" */
  zeroMethod?: "wilcox" | "pratt" | "zsplit";
  /** @default false */
  isContinuityCorrected?: boolean;
  /** @default "two-sided" */
  alternative?: "two-sided" | "less" | "greater";
}

/**
 * Two-sided (by default) Wilcoxon signed-rank test of x against y. When every
 * difference is zero, or fewer than two pairs are given, the test is undefined:
 * statistic and p-value are NaN (stdlib throws there, SciPy returns NaN).
 */
export function computeWilcoxonSignedRank(
  x: readonly number[],
  y: readonly number[],
  options: WilcoxonSignedRankOptions = {},
): PairedTestResult {
  assertPairedSamples(x, y);
  const n = x.length;
  const differences = x.map((v, i) => v - (y[i] ?? 0));
  const meanDifference = n === 0 ? Number.NaN : differences.reduce((s, d) => s + d, 0) / n;
  const zeroMethod = options.zeroMethod ?? "wilcox";
  const nonZero = differences.filter((d) => d !== 0).length;
  if (n < 2 || nonZero === 0 || (zeroMethod === "wilcox" && nonZero < 1)) {
    return { statistic: Number.NaN, pValue: Number.NaN, n, meanDifference };
  }
  const out = wilcoxon([...x], [...y], {
    zeroMethod,
    correction: options.isContinuityCorrected ?? false,
    alternative: options.alternative ?? "two-sided",
  });
  // stdlib's exact two-sided p doubles a tail that includes the centre, which can exceed 1;
  // SciPy and R cap it.
  return { statistic: out.statistic, pValue: Math.min(1, out.pValue), n, meanDifference };
}
