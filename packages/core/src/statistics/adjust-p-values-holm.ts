/**
 * @module statistics/adjust-p-values-holm
 * Holm's step-down adjustment of a family of p-values (S. Holm, "A simple
 * sequentially rejective multiple test procedure", Scand. J. Statist. 6,
 * 1979), as R's `p.adjust(p, "holm")` computes it: sort ascending, multiply
 * the i-th smallest (0-based) by m − i, carry the running maximum, cap at 1.
 * It controls the family-wise error rate without assumptions on dependence,
 * which suits several model arms compared with one reference on the same ROIs.
 */

/**
 * Adjusted p-values in the input order. NaN entries (tests that could not be
 * computed) stay NaN and do not count in the family size.
 */
export function adjustPValuesHolm(pValues: readonly number[]): number[] {
  pValues.forEach((p, i) => {
    if (typeof p !== "number" || (!Number.isNaN(p) && (p < 0 || p > 1))) {
      throw new RangeError(`pValues[${i}] must lie in [0, 1] or be NaN, got ${String(p)}`);
    }
  });
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((a, b) => a.p - b.p);
  const m = order.length;
  const adjusted = pValues.map(() => Number.NaN);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
