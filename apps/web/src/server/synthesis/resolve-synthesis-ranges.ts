/**
 * @module synthesis/resolve-synthesis-ranges
 * A preset plus the user's overrides, checked against the parameter schema so
 * that a run can only be created with ranges the generator accepts.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { SYNTHESIS_PRESETS, type SynthesisPresetName } from "@myoscope/core/synthesis/presets";
import {
  SYNTHESIS_PARAM_KEYS,
  type SynthesisParams,
  synthesisParamsSchema,
} from "@myoscope/core/synthesis/synthesis-params";
import type { SynthesisRange, SynthesisRanges } from "@myoscope/core/synthesis/synthesis-ranges";

export type SynthesisOverrides = Partial<Record<string, number | [number, number]>>;

function checkValue(key: keyof SynthesisParams, value: number): void {
  const result = synthesisParamsSchema.shape[key].safeParse(value);
  if (!result.success) {
    const message = result.error.issues[0]?.message ?? "invalid";
    throw new AppError("BAD_REQUEST", `parameter ${key}: ${message}, got ${value}`);
  }
}

export function resolveSynthesisRanges(
  preset: SynthesisPresetName,
  overrides: SynthesisOverrides = {},
): SynthesisRanges {
  const known = new Set<string>(SYNTHESIS_PARAM_KEYS);
  const ranges: Record<string, SynthesisRange> = { ...SYNTHESIS_PRESETS[preset] };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!known.has(key)) throw new AppError("BAD_REQUEST", `unknown parameter ${key}`);
    const name = key as keyof SynthesisParams;
    if (typeof value === "number") {
      checkValue(name, value);
    } else {
      const [min, max] = value;
      checkValue(name, min);
      checkValue(name, max);
      if (min > max) {
        throw new AppError("BAD_REQUEST", `parameter ${key}: min ${min} is above max ${max}`);
      }
    }
    ranges[key] = value;
  }
  return ranges as SynthesisRanges;
}
