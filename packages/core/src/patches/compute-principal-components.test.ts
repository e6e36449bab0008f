import { describe, expect, it } from "vitest";
import { computePrincipalComponents } from "./compute-principal-components.ts";

describe("computePrincipalComponents(data, options)", () => {
  it("puts all variance of points on a line into the first component", () => {
    // y = 2x + 1 and a constant third column.
    const xs = [0, 1, 2, 3, 4, 5];
    const data = Float64Array.from(xs.flatMap((x) => [x, 2 * x + 1, 7]));
    const pca = computePrincipalComponents(data, { rows: 6, columns: 3, components: 2 });
    expect(pca.explainedVarianceRatio[0]).toBeCloseTo(1, 12);
    expect(pca.explainedVarianceRatio[1]).toBeCloseTo(0, 12);
    // Standardised, both varying columns weigh alike; the constant one not at all.
    expect(pca.loadings[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(pca.loadings[1]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(pca.loadings[2]).toBe(0);
    // Scores follow x, centred, in standard units.
    const scores = xs.map((_, r) => pca.scores[r * 2] as number);
    expect(scores[0]).toBeLessThan(0);
    for (let r = 1; r < xs.length; r++) {
      expect((scores[r] as number) - (scores[r - 1] as number)).toBeCloseTo(
        (scores[1] as number) - (scores[0] as number),
        12,
      );
    }
    expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
  });

  it("orders components by variance and keeps them uncorrelated", () => {
    // A rotated ellipse: long axis along (1, 1), short along (1, -1), plus noise-free third axis.
    const rows: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = Math.cos(i * 0.7) * 5;
      const s = Math.sin(i * 1.3);
      rows.push(t + s, t - s, 0.3 * Math.cos(i * 2.9));
    }
    const data = Float64Array.from(rows);
    const pca = computePrincipalComponents(data, { rows: 40, columns: 3 });
    const [first, second, third] = pca.explainedVarianceRatio as [number, number, number];
    expect(first).toBeGreaterThanOrEqual(second);
    expect(second).toBeGreaterThanOrEqual(third);
    expect(first + second + third).toBeCloseTo(1, 10);
    let covariance = 0;
    for (let r = 0; r < 40; r++)
      covariance += (pca.scores[r * 3] as number) * (pca.scores[r * 3 + 1] as number);
    expect(covariance / 39).toBeCloseTo(0, 8);
  });

  it("gives the same result for the same input (signs are fixed)", () => {
    const data = Float64Array.from(
      { length: 60 },
      (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1,
    );
    const a = computePrincipalComponents(data, { rows: 20, columns: 3 });
    const b = computePrincipalComponents(data.slice(), { rows: 20, columns: 3 });
    expect(Array.from(a.scores)).toEqual(Array.from(b.scores));
    for (let k = 0; k < 3; k++) {
      const row = Array.from(a.loadings.subarray(k * 3, k * 3 + 3));
      const largest = row.reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
      expect(largest).toBeGreaterThan(0);
    }
  });

  it("rejects bad shapes and values, naming the parameter", () => {
    expect(() => computePrincipalComponents(new Float64Array(3), { rows: 1, columns: 3 })).toThrow(
      new RangeError("rows must be an integer >= 2, got 1"),
    );
    expect(() => computePrincipalComponents(new Float64Array(5), { rows: 2, columns: 3 })).toThrow(
      new RangeError("data must hold rows·columns = 6 values, got 5"),
    );
    expect(() =>
      computePrincipalComponents(new Float64Array(6), { rows: 2, columns: 3, components: 4 }),
    ).toThrow(new RangeError("components must be an integer in [1, 3], got 4"));
    expect(() =>
      computePrincipalComponents(Float64Array.from([0, 1, Number.NaN, 2]), { rows: 2, columns: 2 }),
    ).toThrow(new RangeError("data[2] must be finite, got NaN"));
  });
});
