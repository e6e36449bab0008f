/**
 * @module statistics/krippendorff-alpha
 * Krippendorff's alpha for ordinal data with any number of coders and missing
 * values. Follows Krippendorff, K. (2011) "Computing Krippendorff's
 * Alpha-Reliability", Annenberg School for Communication, departmental paper 43:
 * build the coincidence matrix o_ck from every unit with at least two values
 * (each pair within a unit weighted 1/(m_u − 1)), the value totals n_c, and the
 * ordinal metric δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²; then
 * α = 1 − (n − 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck.
 */

/**
 * Alpha (ordinal) for `units[u][coder]` = a grade in 1..`levels`, or null when
 * that coder did not grade the unit. Returns NaN when fewer than two pairable
 * values exist or all pairable values are identical (no variation to explain).
 */
export function computeKrippendorffAlphaOrdinal(
  units: readonly (readonly (number | null)[])[],
  levels: number,
): number {
  if (!Number.isInteger(levels) || levels < 2) {
    throw new RangeError(`levels must be an integer ≥ 2, got ${levels}`);
  }
  const coincidence = new Float64Array(levels * levels);
  units.forEach((unit, u) => {
    unit.forEach((value, c) => {
      if (value !== null && (!Number.isInteger(value) || value < 1 || value > levels)) {
        throw new RangeError(
          `units[${u}][${c}] must be null or an integer in 1..${levels}, got ${value}`,
        );
      }
    });
    const values = unit.filter((v): v is number => v !== null);
    const m = values.length;
    if (m < 2) return;
    // Every ordered pair of values from different coders, weighted 1/(m − 1).
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const index = ((values[i] ?? 1) - 1) * levels + ((values[j] ?? 1) - 1);
        coincidence[index] = (coincidence[index] ?? 0) + 1 / (m - 1);
      }
    }
  });
  const totals = new Float64Array(levels);
  for (let c = 0; c < levels; c++) {
    for (let k = 0; k < levels; k++)
      totals[c] = (totals[c] ?? 0) + (coincidence[c * levels + k] ?? 0);
  }
  const n = totals.reduce((s, v) => s + v, 0);
  if (n < 2) return Number.NaN;
  const delta2 = (c: number, k: number): number => {
    const [lo, hi] = c <= k ? [c, k] : [k, c];
    let sum = 0;
    for (let g = lo; g <= hi; g++) sum += totals[g] ?? 0;
    return (sum - ((totals[lo] ?? 0) + (totals[hi] ?? 0)) / 2) ** 2;
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < levels; c++) {
    for (let k = 0; k < levels; k++) {
      if (c === k) continue;
      const d = delta2(c, k);
      observed += (coincidence[c * levels + k] ?? 0) * d;
      expected += (totals[c] ?? 0) * (totals[k] ?? 0) * d;
    }
  }
  return expected === 0 ? Number.NaN : 1 - ((n - 1) * observed) / expected;
}
