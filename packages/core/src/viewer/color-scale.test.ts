import { describe, expect, it } from "vitest";
import { createColorScale, getNiceTicks, widenDegenerateRange } from "./color-scale.ts";
import { sampleViridis } from "./colormap.ts";

describe("colour scale", () => {
  it("createColorScale maps min → 0 and max → 1, clamps outside and gives NaN for missing values", () => {
    const scale = createColorScale({ min: 20, max: 60 });
    expect(scale.normalize(20)).toBe(0);
    expect(scale.normalize(40)).toBe(0.5);
    expect(scale.normalize(60)).toBe(1);
    expect(scale.normalize(5)).toBe(0);
    expect(scale.normalize(99)).toBe(1);
    expect(scale.normalize(Number.NaN)).toBeNaN();
  });

  it("createColorScale refuses an empty or inverted range", () => {
    expect(() => createColorScale({ min: 5, max: 5 })).toThrow(
      "max must be finite and greater than min (5), got 5",
    );
    expect(() => createColorScale({ min: Number.NaN, max: 5 })).toThrow(
      "min must be finite, got NaN",
    );
  });

  it("widenDegenerateRange keeps a proper range and widens a single value by ±5 %", () => {
    expect(widenDegenerateRange({ min: 1, max: 2 })).toEqual({ min: 1, max: 2 });
    expect(widenDegenerateRange({ min: 40, max: 40 })).toEqual({ min: 38, max: 42 });
    expect(widenDegenerateRange({ min: Number.NaN, max: Number.NaN })).toEqual({ min: 0, max: 1 });
  });

  it("getNiceTicks steps by 1, 2 or 5 × 10^k inside the range", () => {
    expect(getNiceTicks({ min: 18.3, max: 61.2 })).toEqual([20, 30, 40, 50, 60]);
    expect(getNiceTicks({ min: 0, max: 1 }, 6)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // The e2e section's MinFeret scale: 20-µm steps rather than two ticks 50 µm apart.
    expect(getNiceTicks({ min: 10.1, max: 103 })).toEqual([20, 40, 60, 80, 100]);
  });

  it("sampleViridis runs from dark purple to yellow and clamps", () => {
    expect(sampleViridis(0)).toEqual([0x44, 0x01, 0x54]);
    expect(sampleViridis(1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(sampleViridis(-3)).toEqual(sampleViridis(0));
    // Halfway between the 5th and 6th of the ten steps.
    expect(sampleViridis(0.5)).toEqual([35, 144, 140]);
    expect(() => sampleViridis(Number.NaN)).toThrow("t must be a number in [0, 1], got NaN");
  });
});
