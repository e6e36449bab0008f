import { describe, expect, it } from "vitest";
import { computeBorderWeightMap } from "./compute-border-weight-map.ts";

const W = 60;
const H = 40;

/** Two discs of radius 8 centred at (20, 20) and (40, 20): a 3 px gap at x = 29..31. */
function drawTwoDiscs(): Uint16Array {
  const labels = new Uint16Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if ((x - 20) ** 2 + (y - 20) ** 2 <= 64) labels[y * W + x] = 1;
      if ((x - 40) ** 2 + (y - 20) ** 2 <= 64) labels[y * W + x] = 7;
    }
  }
  return labels;
}

/** The U-Net formula by brute force: the distance from each pixel to every pixel of every fiber. */
function bruteForceWeight(labels: Uint16Array, x: number, y: number): number {
  const nearest = new Map<number, number>();
  for (let j = 0; j < labels.length; j++) {
    const label = labels[j] as number;
    if (label === 0) continue;
    const d = Math.hypot((j % W) - x, Math.floor(j / W) - y);
    nearest.set(label, Math.min(nearest.get(label) ?? Number.POSITIVE_INFINITY, d));
  }
  const [d1 = Number.POSITIVE_INFINITY, d2 = Number.POSITIVE_INFINITY] = [...nearest.values()].sort(
    (a, b) => a - b,
  );
  const isFiber = labels[y * W + x] !== 0;
  const border = isFiber ? 0 : 400 * Math.exp(-((d1 + d2) ** 2) / (2 * 5 ** 2));
  return (isFiber ? 50 : 10) + border;
}

describe("computeBorderWeightMap(labels, width, height, options)", () => {
  const labels = drawTwoDiscs();
  const weights = computeBorderWeightMap(labels, W, H);

  it("weights the gap between two discs with w0·exp(−(d1+d2)²/2σ²) on top of the background weight", () => {
    // (30, 20): 2 px to x = 28 (rightmost pixel of disc 1) and 2 px to x = 32 (leftmost of disc 7).
    expect(weights[20 * W + 30]).toBeCloseTo(10 + 400 * Math.exp(-16 / 50), 3);
    // (29, 20): 1 px and 3 px, the same sum.
    expect(weights[20 * W + 29]).toBeCloseTo(10 + 400 * Math.exp(-16 / 50), 3);
    // Straight above the gap the discs are far apart: (30, 2) is ≥ 12 px from both.
    expect(weights[2 * W + 30]).toBeLessThan(10 + 400 * Math.exp(-(24 ** 2) / 50) + 1e-3);
  });

  it("gives fiber pixels the fiber weight (50) and far background the background weight (10)", () => {
    expect(weights[20 * W + 20]).toBe(50);
    expect(weights[20 * W + 40]).toBe(50);
    expect(weights[0]).toBe(10);
    expect(weights[39 * W + 59]).toBe(10);
  });

  it("matches a brute-force evaluation of the formula wherever the border term exceeds the cutoff", () => {
    let maxError = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const expected = bruteForceWeight(labels, x, y);
        const error = Math.abs((weights[y * W + x] as number) - expected);
        maxError = Math.max(maxError, error);
      }
    }
    // Terms below cutoff = 0.01 are dropped by design.
    expect(maxError).toBeLessThan(0.01);
  });

  it("applies the border term to boundary-class pixels inside a fiber when classes are given", () => {
    // Two squares touching along x = 9 | 10; the one-pixel rims facing each other are class 2.
    const w = 20;
    const h = 10;
    const squares = new Uint16Array(w * h);
    const classes = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        squares[y * w + x] = x < 10 ? 3 : 4;
        classes[y * w + x] = x === 9 || x === 10 ? 2 : 1;
      }
    }
    const map = computeBorderWeightMap(squares, w, h, { classes, boundaryWeight: 20 });
    // At x = 9: d1 = 0 (its own fiber), d2 = 1.
    expect(map[5 * w + 9]).toBeCloseTo(20 + 400 * Math.exp(-1 / 50), 3);
    expect(map[5 * w + 10]).toBeCloseTo(20 + 400 * Math.exp(-1 / 50), 3);
    expect(map[5 * w + 5]).toBe(50);
  });

  it("has no border term with a single fiber", () => {
    const one = new Uint16Array(W * H);
    one[5 * W + 5] = 2;
    const map = computeBorderWeightMap(one, W, H, { fiberWeight: 1, backgroundWeight: 1 });
    expect(map.every((value) => value === 1)).toBe(true);
  });

  it("rejects bad parameters with a RangeError naming them", () => {
    expect(() => computeBorderWeightMap(labels, W, H + 1)).toThrow(
      /labels must hold width·height = 2460 values, got 2400/,
    );
    expect(() => computeBorderWeightMap(labels, W, H, { sigma: 0 })).toThrow(
      /sigma must be a finite number > 0, got 0/,
    );
    expect(() => computeBorderWeightMap(labels, W, H, { w0: -1 })).toThrow(/w0 .* got -1/);
    expect(() => computeBorderWeightMap(labels, W, H, { classes: new Uint8Array(3) })).toThrow(
      /classes must hold/,
    );
  });
});
