/**
 * @module synthesis/synthesis-ranges
 *
 * A distribution over `SynthesisParams`: each parameter is a fixed value or a uniform `[min, max]`
 * range. Presets are such ranges; `sampleSynthesisParams` draws one image's values from them.
 */
import type { SynthesisParams } from "./synthesis-params.ts";

/** A fixed value or an inclusive uniform range. */
export type SynthesisRange = number | readonly [min: number, max: number];

/** For every parameter, a fixed value or a `[min, max]` range. */
export type SynthesisRanges = { readonly [K in keyof SynthesisParams]: SynthesisRange };
