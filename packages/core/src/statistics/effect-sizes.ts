/**
 * @module statistics/effect-sizes
 * Effect sizes for two independent samples of per-section values.
 * - Hedges' g: Cohen's d with the pooled (n − 1) standard deviation, times the
 *   small-sample correction J = 1 − 3 / (4(n₁ + n₂) − 9) (Hedges & Olkin,
 *   Statistical Methods for Meta-Analysis, 1985, eq. 5.10 approximation).
 * - Cliff's delta: P(X > Y) − P(X < Y) over all pairs (Cliff, 1993, Psychol.
 *   Bull. 114(3)); ranges −1..1 and ignores the scale of the values.
 */
import { assertFiniteSample } from "./welch-t-test.ts";

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Hedges' g of x versus y; NaN with fewer than two values per sample or no variation. */
export function computeHedgesG(x: readonly number[], y: readonly number[]): number {
  assertFiniteSample("x", x);
  assertFiniteSample("y", y);
  const m = x.length;
  const n = y.length;
  if (m < 2 || n < 2) return Number.NaN;
  const mx = mean(x);
  const my = mean(y);
  const ssx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
  const ssy = y.reduce((s, v) => s + (v - my) ** 2, 0);
  const pooled = Math.sqrt((ssx + ssy) / (m + n - 2));
  if (pooled === 0) return Number.NaN;
  const correction = 1 - 3 / (4 * (m + n) - 9);
  return ((mx - my) / pooled) * correction;
}

/** Cliff's delta of x versus y: positive when x tends to be larger; NaN for an empty sample. */
export function computeCliffsDelta(x: readonly number[], y: readonly number[]): number {
  assertFiniteSample("x", x);
  assertFiniteSample("y", y);
  if (x.length === 0 || y.length === 0) return Number.NaN;
  // Sorting y and bisecting keeps it O((m + n) log n) for large tables.
  const sorted = [...y].sort((a, b) => a - b);
  const countBelow = (v: number, isStrict: boolean) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = sorted[mid] ?? 0;
      if (isStrict ? s < v : s <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let dominance = 0;
  for (const v of x) {
    const less = countBelow(v, true);
    const greater = sorted.length - countBelow(v, false);
    dominance += less - greater;
  }
  return dominance / (x.length * y.length);
}
