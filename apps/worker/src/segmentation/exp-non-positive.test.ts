import { describe, expect, it } from "vitest";
import { expNonPositive } from "./exp-non-positive.ts";

describe("expNonPositive(x)", () => {
  it("is exact at 0 and within 3.1e-5 relative error of Math.exp on [-24, 0]", () => {
    expect(expNonPositive(0)).toBe(1);
    let worst = 0;
    for (let x = 0; x > -24; x -= 0.00731) {
      worst = Math.max(worst, Math.abs(expNonPositive(x) - Math.exp(x)) / Math.exp(x));
    }
    expect(worst).toBeLessThan(3.1e-5);
    expect(worst).toBeGreaterThan(0);
  });

  it("returns 0 below -24, where e^x < 4e-11", () => {
    expect(expNonPositive(-24)).toBe(0);
    expect(expNonPositive(-1e9)).toBe(0);
    expect(expNonPositive(Number.NEGATIVE_INFINITY)).toBe(0);
  });
});
