/**
 * @module viewer/color-scale
 * One linear colour scale per project and feature: values at or below `min` get
 * the first colour, at or above `max` the last. The legend's ticks come from the
 * same scale, so what the bar says is what the tiles show.
 */

export interface ColorScale {
  min: number;
  max: number;
  /** Position of `value` on the scale, clamped to [0, 1]; NaN for a missing value. */
  normalize(value: number): number;
}

/** A linear scale from `min` to `max` (min < max, both finite). */
export function createColorScale(range: { min: number; max: number }): ColorScale {
  const { min, max } = range;
  if (!Number.isFinite(min)) throw new RangeError(`min must be finite, got ${min}`);
  if (!Number.isFinite(max) || max <= min) {
    throw new RangeError(`max must be finite and greater than min (${min}), got ${max}`);
  }
  const span = max - min;
  return {
    min,
    max,
    normalize(value) {
      if (!Number.isFinite(value)) return Number.NaN;
      return Math.min(1, Math.max(0, (value - min) / span));
    },
  };
}

/**
 * Widens a degenerate range (all values equal, or no values) so a scale can be
 * built: ±5 % around the value, or [0, 1].
 */
export function widenDegenerateRange(range: { min: number; max: number }): {
  min: number;
  max: number;
} {
  const { min, max } = range;
  if (Number.isFinite(min) && Number.isFinite(max) && max > min) return { min, max };
  const centre = Number.isFinite(min) ? min : Number.isFinite(max) ? max : Number.NaN;
  if (!Number.isFinite(centre)) return { min: 0, max: 1 };
  const half = Math.abs(centre) * 0.05 || 0.5;
  return { min: centre - half, max: centre + half };
}

/**
 * About `count` round tick values within [min, max] (steps of 1, 2 or 5 × 10^k),
 * for the legend's colour bar.
 */
export function getNiceTicks(range: { min: number; max: number }, count = 5): number[] {
  const scale = createColorScale(range);
  if (!Number.isInteger(count) || count < 2) {
    throw new RangeError(`count must be an integer ≥ 2, got ${count}`);
  }
  const rough = (scale.max - scale.min) / (count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  // The round step nearest the rough one (on a log scale), so ticks come close to `count`.
  const step = [1, 2, 5, 10]
    .map((m) => m * magnitude)
    .reduce((best, candidate) =>
      Math.abs(Math.log(candidate / rough)) < Math.abs(Math.log(best / rough)) ? candidate : best,
    );
  const ticks: number[] = [];
  for (let v = Math.ceil(scale.min / step) * step; v <= scale.max + step * 1e-9; v += step) {
    // Round away binary noise such as 0.30000000000000004.
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}
