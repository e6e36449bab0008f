import { describe, expect, it } from "vitest";
import { POSTPROCESS_PARAMS_VERSION, parsePostprocessParams } from "./postprocess-params.ts";

describe("parsePostprocessParams(input)", () => {
  it("defaults to the paper's values", () => {
    const params = parsePostprocessParams();
    expect(params.version).toBe(POSTPROCESS_PARAMS_VERSION);
    expect(params.fibers).toMatchObject({ threshold: 210, minAreaUm2: 150, minCircularity: 0.1 });
    expect(params.muscleMask).toMatchObject({
      closingIterations: 10,
      holeAreaPx: 3500,
      minAreaUm2: 1_500_000,
    });
    expect(params.shapeFilter).toEqual({ minCircularity: 0.35, maxCircularity: 0.95 });
  });

  it("fills in the rest of a partial set", () => {
    const params = parsePostprocessParams({ fibers: { threshold: 180 } });
    expect(params.fibers.threshold).toBe(180);
    expect(params.fibers.minAreaUm2).toBe(150);
    expect(params.localThickness.isEnabled).toBe(true);
  });

  it("rejects out-of-range values, unknown keys, another version and an inverted shape range", () => {
    expect(() => parsePostprocessParams({ fibers: { threshold: 300 } })).toThrow(/threshold/);
    expect(() => parsePostprocessParams({ fibers: { treshold: 200 } })).toThrow(/treshold/);
    expect(() => parsePostprocessParams({ version: POSTPROCESS_PARAMS_VERSION + 1 })).toThrow(
      /version/,
    );
    expect(() =>
      parsePostprocessParams({ shapeFilter: { minCircularity: 0.9, maxCircularity: 0.5 } }),
    ).toThrow(/minCircularity must be ≤ shapeFilter.maxCircularity/);
  });
});
