import { describe, expect, it } from "vitest";
import { computeDistanceTransform, computeSquaredDistances } from "./compute-distance-transform.ts";

/** Brute force: squared distance to the nearest feature pixel. */
function bruteSquared(isFeature: Uint8Array, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let best = Number.POSITIVE_INFINITY;
      for (let v = 0; v < height; v++) {
        for (let u = 0; u < width; u++) {
          if (isFeature[v * width + u] !== 0) best = Math.min(best, (x - u) ** 2 + (y - v) ** 2);
        }
      }
      out[y * width + x] = best;
    }
  }
  return out;
}

/** Deterministic pseudo-random mask (a linear congruential generator). */
function randomMask(width: number, height: number, density: number, seed: number): Uint8Array {
  let state = seed;
  return Uint8Array.from({ length: width * height }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 < density ? 1 : 0;
  });
}

describe("computeSquaredDistances(isFeature, options)", () => {
  it("matches a brute-force search on sparse and dense random features", () => {
    for (const [density, seed] of [
      [0.02, 1],
      [0.3, 7],
      [0.001, 3],
    ] as const) {
      const features = randomMask(37, 23, density, seed);
      expect(Array.from(computeSquaredDistances(features, { width: 37, height: 23 }))).toEqual(
        Array.from(bruteSquared(features, 37, 23)),
      );
    }
  });

  it("returns Infinity everywhere when there is no feature", () => {
    const out = computeSquaredDistances(new Uint8Array(6), { width: 3, height: 2 });
    expect(Array.from(out)).toEqual(new Array(6).fill(Number.POSITIVE_INFINITY));
  });

  it("treats a ring outside the image as features when isOutsideBackground is set", () => {
    // 5×3, no feature inside: distance to the ring is min(x+1, 5-x, y+1, 3-y).
    const out = computeSquaredDistances(new Uint8Array(15), {
      width: 5,
      height: 3,
      isOutsideBackground: true,
    });
    expect(Array.from(out)).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 4, 1, 1, 1, 1, 1, 1]);
  });
});

describe("computeDistanceTransform(mask, options)", () => {
  it("gives 1 to a foreground pixel touching the background, as Fiji's EDT does", () => {
    // A 5×5 square inside a 7×7 image: rings of distance 1, 2, 3 from the edge.
    const mask = new Uint8Array(49);
    for (let y = 1; y <= 5; y++) for (let x = 1; x <= 5; x++) mask[y * 7 + x] = 1;
    const distances = computeDistanceTransform(mask, { width: 7, height: 7 });
    expect(distances[0]).toBe(0);
    expect(distances[1 * 7 + 1]).toBe(1);
    expect(distances[2 * 7 + 2]).toBe(2);
    expect(distances[3 * 7 + 3]).toBe(3);
    expect(distances[2 * 7 + 3]).toBe(2);
  });

  it("measures only to background inside the image unless isOutsideBackground is set", () => {
    // One row, background at x = 0 only: distances grow to the right border.
    const mask = Uint8Array.from([0, 1, 1, 1]);
    expect(Array.from(computeDistanceTransform(mask, { width: 4, height: 1 }))).toEqual([
      0, 1, 2, 3,
    ]);
    expect(
      Array.from(
        computeDistanceTransform(mask, { width: 4, height: 1, isOutsideBackground: true }),
      ),
    ).toEqual([0, 1, 1, 1]);
  });

  it("rejects a mask whose length does not match width × height", () => {
    expect(() => computeDistanceTransform(new Uint8Array(5), { width: 2, height: 2 })).toThrow(
      /mask must hold width × height = 2 × 2 = 4 pixels, got 5/,
    );
    expect(() => computeDistanceTransform(new Uint8Array(0), { width: 0, height: 2 })).toThrow(
      /width must be a positive integer, got 0/,
    );
  });
});
