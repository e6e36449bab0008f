import { describe, expect, it } from "vitest";
import { SYNTHESIS_PRESETS, type SynthesisPresetName } from "./presets.ts";
import { sampleSynthesisParams } from "./sample-synthesis-params.ts";
import {
  SYNTHESIS_INTEGER_KEYS,
  SYNTHESIS_PARAM_KEYS,
  synthesisParamsSchema,
} from "./synthesis-params.ts";
import type { SynthesisRanges } from "./synthesis-ranges.ts";

describe("sampleSynthesisParams(ranges, { seed })", () => {
  const presets = Object.keys(SYNTHESIS_PRESETS) as SynthesisPresetName[];

  it("draws every parameter inside its preset range, integers as integers", () => {
    for (const name of presets) {
      const ranges = SYNTHESIS_PRESETS[name];
      for (let seed = 0; seed < 40; seed++) {
        const params = sampleSynthesisParams(ranges, { seed });
        expect(synthesisParamsSchema.safeParse(params).success).toBe(true);
        for (const key of SYNTHESIS_PARAM_KEYS) {
          const range = ranges[key];
          const value = params[key];
          if (typeof range === "number") expect(value).toBe(range);
          else {
            expect(value).toBeGreaterThanOrEqual(range[0]);
            expect(value).toBeLessThanOrEqual(range[1]);
          }
          if (SYNTHESIS_INTEGER_KEYS.has(key)) expect(Number.isInteger(value)).toBe(true);
        }
      }
    }
  });

  it("is deterministic in the seed and varies across seeds", () => {
    const ranges = SYNTHESIS_PRESETS["he-ffpe"];
    expect(sampleSynthesisParams(ranges, { seed: 5 })).toEqual(
      sampleSynthesisParams(ranges, { seed: 5 }),
    );
    expect(sampleSynthesisParams(ranges, { seed: 5 }).mpp).not.toBe(
      sampleSynthesisParams(ranges, { seed: 6 }).mpp,
    );
  });

  it("reaches both ends of an integer range", () => {
    const ranges: SynthesisRanges = { ...SYNTHESIS_PRESETS["he-cryo"], crackCount: [1, 3] };
    const seen = new Set<number>();
    for (let seed = 0; seed < 60; seed++)
      seen.add(sampleSynthesisParams(ranges, { seed }).crackCount);
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it("keeps the he-ffpe pixel size around the paper's 0.79 ± 0.22 µm/px", () => {
    const [min, max] = SYNTHESIS_PRESETS["he-ffpe"].mpp as [number, number];
    expect(min).toBeGreaterThanOrEqual(0.79 - 0.3);
    expect(max).toBeLessThanOrEqual(0.79 + 0.3);
  });

  it("rejects reversed ranges and draws outside the schema with a RangeError naming the key", () => {
    const reversed = { ...SYNTHESIS_PRESETS["he-ffpe"], blurSigmaPx: [2, 1] } as SynthesisRanges;
    expect(() => sampleSynthesisParams(reversed, { seed: 1 })).toThrow(/ranges\.blurSigmaPx/);
    const outside = { ...SYNTHESIS_PRESETS["he-ffpe"], mpp: [0.01, 0.02] } as SynthesisRanges;
    expect(() => sampleSynthesisParams(outside, { seed: 1 })).toThrow(/params\.mpp/);
    expect(() => sampleSynthesisParams(SYNTHESIS_PRESETS.myopathic, { seed: Number.NaN })).toThrow(
      /seed/,
    );
  });
});
