import { describe, expect, it } from "vitest";
import { adjustPValuesHolm } from "./adjust-p-values-holm.ts";

describe("adjustPValuesHolm(pValues)", () => {
  it("matches R's p.adjust(c(0.01, 0.04, 0.03, 0.005), 'holm') computed by hand", () => {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max so far 0.06.
    const adjusted = adjustPValuesHolm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((expected, i) => {
      expect(adjusted[i]).toBeCloseTo(expected, 12);
    });
  });

  it("leaves a single test unchanged, caps at 1 and keeps NaN out of the family", () => {
    expect(adjustPValuesHolm([0.2])).toEqual([0.2]);
    expect(adjustPValuesHolm([0.6, 0.7])).toEqual([1, 1]);
    const adjusted = adjustPValuesHolm([Number.NaN, 0.02, 0.04]);
    expect(adjusted[0]).toBeNaN();
    expect(adjusted[1]).toBeCloseTo(0.04, 12);
    expect(adjusted[2]).toBeCloseTo(0.04, 12);
  });

  it("rejects a p-value outside [0, 1]", () => {
    expect(() => adjustPValuesHolm([0.1, 1.5])).toThrow(
      /pValues\[1\] must lie in \[0, 1\] or be NaN, got 1.5/,
    );
  });
});
