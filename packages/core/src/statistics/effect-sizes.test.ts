import { describe, expect, it } from "vitest";
import { computeCliffsDelta, computeHedgesG } from "./effect-sizes.ts";

// Reference values: numpy 2.4.6, written independently of this code:
// sp = sqrt(((n1-1)*x.var(ddof=1) + (n2-1)*y.var(ddof=1)) / (n1+n2-2));
// g = (x.mean()-y.mean())/sp * (1 - 3/(4*(n1+n2)-9)); delta = sign(x[:,None]-y[None,:]).mean()
const A = [12.1, 14.3, 9.8, 11.0, 13.5, 10.2];
const B = [15.2, 17.8, 16.1, 14.9, 18.3, 16.6, 19.0];
const C = [3, 4, 4, 5, 6, 6, 6, 7, 8, 9, 10, 10];
const D = [5, 6, 7, 7, 8, 9, 9, 10, 11, 12, 12, 13, 14];

describe("effect sizes", () => {
  it("computeHedgesG(x, y) applies the pooled SD and the small-sample correction", () => {
    expect(computeHedgesG(A, B)).toBeCloseTo(-2.77594856002028, 12);
    expect(computeHedgesG(C, D)).toBeCloseTo(-1.0988522189195244, 12);
  });

  it("computeCliffsDelta(x, y) counts ties as neither greater nor smaller", () => {
    expect(computeCliffsDelta(A, B)).toBe(-1);
    expect(computeCliffsDelta(C, D)).toBeCloseTo(-0.5705128205128205, 14);
    expect(computeCliffsDelta(B, A)).toBe(1);
  });

  it("returns NaN for samples too small to define the effect", () => {
    expect(computeHedgesG([1], [2, 3])).toBeNaN();
    expect(computeCliffsDelta([], [2, 3])).toBeNaN();
  });
});
