/**
 * @module statistics/histogram-quantiles
 * Statistics of fixed-width histograms (the 0.5 µm MinFeret bins of fiber
 * summaries): merging sections into groups, quantiles, the ECDF and tail
 * counts. Values are taken as uniformly spread inside their bin, the usual
 * assumption for grouped data (the "grouped median" interpolation).
 */

export interface HistogramOptions {
  /**
   * Width of one bin.
   * @default 0.5
   */
  binWidth?: number;
  /**
   * Left edge of the first bin.
   * @default 0
   */
  start?: number;
}

function readOptions(options: HistogramOptions): { binWidth: number; start: number } {
  const binWidth = options.binWidth ?? 0.5;
  const start = options.start ?? 0;
  if (!(binWidth > 0) || !Number.isFinite(binWidth)) {
    throw new RangeError(`binWidth must be a positive number, got ${binWidth}`);
  }
  if (!Number.isFinite(start)) throw new RangeError(`start must be finite, got ${start}`);
  return { binWidth, start };
}

function assertCounts(counts: readonly number[]): void {
  const bad = counts.findIndex((c) => !(c >= 0) || !Number.isFinite(c));
  if (bad >= 0) throw new RangeError(`counts[${bad}] must be a count ≥ 0, got ${counts[bad]}`);
}

/** Sums equally long histograms bin by bin. */
export function mergeHistograms(histograms: readonly (readonly number[])[]): number[] {
  const length = histograms[0]?.length ?? 0;
  const merged = new Array<number>(length).fill(0);
  histograms.forEach((h, i) => {
    if (h.length !== length) {
      throw new RangeError(`histograms[${i}] must have ${length} bins, got ${h.length}`);
    }
    for (let k = 0; k < length; k++) merged[k] = (merged[k] ?? 0) + (h[k] ?? 0);
  });
  return merged;
}

/** The p-quantile (0 ≤ p ≤ 1) by linear interpolation inside the bin; NaN for an empty histogram. */
export function computeHistogramQuantile(
  counts: readonly number[],
  p: number,
  options: HistogramOptions = {},
): number {
  const { binWidth, start } = readOptions(options);
  assertCounts(counts);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) return Number.NaN;
  const target = p * total;
  let cumulative = 0;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k] ?? 0;
    if (c > 0 && cumulative + c >= target) {
      return start + (k + (target - cumulative) / c) * binWidth;
    }
    cumulative += c;
  }
  return start + counts.length * binWidth;
}

/** ECDF at each bin's right edge: `{ x, fraction }` pairs, fraction rising to 1. */
export function computeHistogramEcdf(
  counts: readonly number[],
  options: HistogramOptions = {},
): { x: number; fraction: number }[] {
  const { binWidth, start } = readOptions(options);
  assertCounts(counts);
  const total = counts.reduce((s, c) => s + c, 0);
  let cumulative = 0;
  return counts.map((c, k) => {
    cumulative += c;
    return { x: start + (k + 1) * binWidth, fraction: total ? cumulative / total : Number.NaN };
  });
}

/**
 * Counts below `lo` and above `hi`, splitting the bins that contain a threshold
 * in proportion (fractional counts). Exact when both thresholds fall on bin edges.
 */
export function countHistogramTails(
  counts: readonly number[],
  lo: number,
  hi: number,
  options: HistogramOptions = {},
): { below: number; above: number; total: number } {
  const { binWidth, start } = readOptions(options);
  assertCounts(counts);
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
    throw new RangeError(`lo must be ≤ hi, got lo=${lo}, hi=${hi}`);
  }
  let below = 0;
  let above = 0;
  let total = 0;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k] ?? 0;
    total += c;
    if (c === 0) continue;
    const left = start + k * binWidth;
    const right = left + binWidth;
    below += c * Math.min(1, Math.max(0, (lo - left) / binWidth));
    above += c * Math.min(1, Math.max(0, (right - hi) / binWidth));
  }
  return { below, above, total };
}
