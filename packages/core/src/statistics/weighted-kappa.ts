/**
 * @module statistics/weighted-kappa
 * Cohen's weighted kappa for two raters on an ordinal scale (Cohen 1968,
 * "Weighted kappa", Psychol. Bull. 70:213). Disagreement weights are
 * |i − j| (linear) or (i − j)² (quadratic); kappa = 1 − Σ w·O / Σ w·E with O the
 * observed and E the chance-expected joint proportions. Same definition as
 * scikit-learn's `cohen_kappa_score(weights=…, labels=1..k)`.
 */

export interface WeightedKappaOptions {
  /** @default "linear" */
  weights?: "linear" | "quadratic";
}

/**
 * Weighted kappa between ratings `a` and `b` (paired by index) on the scale
 * 1..`levels`. Returns NaN when chance disagreement is zero (both raters used
 * one and the same grade only), where kappa is undefined.
 */
export function computeWeightedKappa(
  a: readonly number[],
  b: readonly number[],
  levels: number,
  options: WeightedKappaOptions = {},
): number {
  if (!Number.isInteger(levels) || levels < 2) {
    throw new RangeError(`levels must be an integer ≥ 2, got ${levels}`);
  }
  if (a.length !== b.length) {
    throw new RangeError(`a and b must have the same length, got ${a.length} and ${b.length}`);
  }
  for (const [name, values] of [
    ["a", a],
    ["b", b],
  ] as const) {
    const bad = values.findIndex((v) => !Number.isInteger(v) || v < 1 || v > levels);
    if (bad >= 0) {
      throw new RangeError(
        `${name}[${bad}] must be an integer in 1..${levels}, got ${values[bad]}`,
      );
    }
  }
  const n = a.length;
  if (n === 0) return Number.NaN;
  const power = (options.weights ?? "linear") === "quadratic" ? 2 : 1;
  const observed = new Float64Array(levels * levels);
  const rowTotals = new Float64Array(levels);
  const colTotals = new Float64Array(levels);
  for (let k = 0; k < n; k++) {
    const i = (a[k] ?? 1) - 1;
    const j = (b[k] ?? 1) - 1;
    observed[i * levels + j] = (observed[i * levels + j] ?? 0) + 1;
    rowTotals[i] = (rowTotals[i] ?? 0) + 1;
    colTotals[j] = (colTotals[j] ?? 0) + 1;
  }
  let observedDisagreement = 0;
  let expectedDisagreement = 0;
  for (let i = 0; i < levels; i++) {
    for (let j = 0; j < levels; j++) {
      const w = Math.abs(i - j) ** power;
      observedDisagreement += w * (observed[i * levels + j] ?? 0);
      expectedDisagreement += (w * (rowTotals[i] ?? 0) * (colTotals[j] ?? 0)) / n;
    }
  }
  return expectedDisagreement === 0 ? Number.NaN : 1 - observedDisagreement / expectedDisagreement;
}
