/**
 * @module statistics/mann-whitney-u
 * Mann–Whitney U test (Wilcoxon rank-sum) on per-section values, written here
 * because stdlib has none. Definitions follow SciPy's `mannwhitneyu`
 * documentation (statistic = U of x, two-sided p doubles the upper tail of
 * max(U_x, U_y), continuity correction 0.5) and:
 * - exact null distribution: Mann & Whitney (1947), Ann. Math. Statist. 18(1),
 *   recurrence p(u; m, n) = p(u − n; m − 1, n) + p(u; m, n − 1) over counts;
 * - normal approximation with tie correction: Hollander, Wolfe & Chicken,
 *   Nonparametric Statistical Methods (3rd ed., 2014), §4.1,
 *   Var(U) = mn/12 · [(N + 1) − Σ(t³ − t) / (N(N − 1))].
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { assertFiniteSample, type TwoSampleTestResult } from "./welch-t-test.ts";

export interface MannWhitneyUOptions {
  /**
   * "exact" uses the exact null distribution (only valid without ties),
   * "asymptotic" the normal approximation with tie and continuity correction,
   * "auto" exact when a sample has at most 8 values and there are no ties (as SciPy).
   * @default "auto"
   */
  method?: "auto" | "exact" | "asymptotic";
}

export interface MannWhitneyUResult extends TwoSampleTestResult {
  method: "exact" | "asymptotic";
}

/** Mid-ranks (1-based) of the pooled values and the sizes of the tie groups. */
function rankWithTies(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length).fill(0);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.[0] === order[start]?.[0]) end++;
    const midRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]?.[1] ?? 0] = midRank;
    tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieSizes };
}

/** Number of arrangements giving each U in 0..m·n (Mann & Whitney's recurrence). */
function countArrangements(m: number, n: number): Float64Array {
  // table[j] holds the counts for (i, j) while i grows; one row per i in place.
  const maxU = m * n;
  let rows: Float64Array[] = Array.from({ length: n + 1 }, () => {
    const row = new Float64Array(maxU + 1);
    row[0] = 1;
    return row;
  });
  for (let i = 1; i <= m; i++) {
    const next: Float64Array[] = [];
    const first = new Float64Array(maxU + 1);
    first[0] = 1; // (i, 0): only U = 0
    next.push(first);
    for (let j = 1; j <= n; j++) {
      const row = new Float64Array(maxU + 1);
      const left = rows[j] ?? new Float64Array(maxU + 1); // (i − 1, j): U − j
      const down = next[j - 1] ?? new Float64Array(maxU + 1); // (i, j − 1): U
      for (let u = 0; u <= i * j; u++) row[u] = (u >= j ? (left[u - j] ?? 0) : 0) + (down[u] ?? 0);
      next.push(row);
    }
    rows = next;
  }
  return rows[n] ?? new Float64Array(maxU + 1);
}

/**
 * Mann–Whitney U test of x against y, two-sided. With an empty sample the test
 * is undefined (NaN); with no variation at all the asymptotic p-value is NaN.
 */
export function computeMannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyUOptions = {},
): MannWhitneyUResult {
  assertFiniteSample("x", x);
  assertFiniteSample("y", y);
  const requested = options.method ?? "auto";
  if (!["auto", "exact", "asymptotic"].includes(requested)) {
    throw new RangeError(`method must be "auto", "exact" or "asymptotic", got ${requested}`);
  }
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) {
    return { statistic: Number.NaN, pValue: Number.NaN, nX: m, nY: n, method: "asymptotic" };
  }
  const { ranks, tieSizes } = rankWithTies([...x, ...y]);
  const rankSumX = ranks.slice(0, m).reduce((s, r) => s + r, 0);
  const uX = rankSumX - (m * (m + 1)) / 2;
  const uMax = Math.max(uX, m * n - uX);
  const hasTies = tieSizes.some((t) => t > 1);
  const method =
    requested === "auto" ? (!hasTies && Math.min(m, n) <= 8 ? "exact" : "asymptotic") : requested;
  let pValue: number;
  if (method === "exact") {
    if (hasTies) throw new RangeError('method "exact" needs samples without ties, got ties');
    const counts = countArrangements(m, n);
    const total = counts.reduce((s, c) => s + c, 0);
    let upper = 0;
    for (let u = Math.ceil(uMax); u <= m * n; u++) upper += counts[u] ?? 0;
    pValue = Math.min(1, (2 * upper) / total);
  } else {
    const total = m + n;
    const tieTerm = tieSizes.reduce((s, t) => s + t ** 3 - t, 0) / (total * (total - 1));
    const sigma = Math.sqrt(((m * n) / 12) * (total + 1 - tieTerm));
    const z = (uMax - (m * n) / 2 - 0.5) / sigma;
    pValue = sigma > 0 ? Math.min(1, 2 * (1 - normalCdf(z, 0, 1))) : Number.NaN;
  }
  return { statistic: uX, pValue, nX: m, nY: n, method };
}
