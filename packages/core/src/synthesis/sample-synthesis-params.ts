/**
 * @module synthesis/sample-synthesis-params
 */
import { createRandom } from "./prng.ts";
import {
  SYNTHESIS_INTEGER_KEYS,
  SYNTHESIS_PARAM_KEYS,
  type SynthesisParams,
  validateSynthesisParams,
} from "./synthesis-params.ts";
import type { SynthesisRanges } from "./synthesis-ranges.ts";

/** Options of {@link sampleSynthesisParams}. */
export interface SampleSynthesisParamsOptions {
  /** Seed of the draw; the same (ranges, seed) always gives the same parameters. */
  seed: number;
}

/**
 * Draws one image's parameters: each range uniformly (integers uniformly over min..max), fixed
 * values kept.
 * @throws RangeError if a range is missing, reversed or not finite, or the draw is out of bounds.
 */
export function sampleSynthesisParams(
  ranges: SynthesisRanges,
  options: SampleSynthesisParamsOptions,
): SynthesisParams {
  const { seed } = options;
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const random = createRandom(seed, 101);
  const draw: Record<string, number> = {};
  for (const key of SYNTHESIS_PARAM_KEYS) {
    const range = ranges[key];
    // Draw for every key even when fixed, so changing one range does not reshuffle the others.
    const u = random();
    let value: number;
    if (typeof range === "number") {
      value = range;
    } else if (Array.isArray(range) && range.length === 2) {
      const [min, max] = range;
      if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
        throw new RangeError(`ranges.${key} must be [min, max] with min <= max, got [${range}]`);
      }
      value = SYNTHESIS_INTEGER_KEYS.has(key)
        ? Math.min(
            Math.round(max),
            Math.floor(Math.round(min) + (Math.round(max) - Math.round(min) + 1) * u),
          )
        : min + (max - min) * u;
    } else {
      throw new RangeError(`ranges.${key} must be a number or [min, max], got ${String(range)}`);
    }
    draw[key] = value;
  }
  return validateSynthesisParams(draw);
}
