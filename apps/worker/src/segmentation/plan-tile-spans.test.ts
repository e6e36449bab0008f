import { describe, expect, it } from "vitest";
import { computeFeatherWeights, planTileSpans, reflectIndex } from "./plan-tile-spans.ts";

/** Sum of every tile's weight at each pixel of [0, length). */
function blendedWeight(length: number, tileSize: number, overlap: number): Float64Array {
  const total = new Float64Array(length);
  for (const span of planTileSpans(length, tileSize, overlap)) {
    const weights = computeFeatherWeights(span.size, overlap);
    for (let i = 0; i < span.size; i++) {
      const x = span.origin + i;
      if (x >= 0 && x < length) total[x] = (total[x] ?? 0) + (weights[i] ?? 0);
    }
  }
  return total;
}

describe("planTileSpans(length, tileSize, overlap)", () => {
  it("steps by tileSize - overlap from -overlap/2 and reaches overlap/2 past the end", () => {
    const spans = planTileSpans(1000, 256, 64);
    expect(spans.map((s) => s.origin)).toEqual([-32, 160, 352, 544, 736, 928]);
    expect(spans.slice(0, -1).every((s) => s.size === 256)).toBe(true);
    const last = spans.at(-1);
    expect(last && last.origin + last.size).toBeGreaterThanOrEqual(1000 + 32);
    expect(last && last.size % 16).toBe(0);
  });

  it("uses one tile of length + overlap (rounded up to 16) for a short axis", () => {
    expect(planTileSpans(100, 256, 64)).toEqual([{ origin: -32, size: 176 }]);
  });

  it("keeps every tile full-size for fixed-size models", () => {
    expect(planTileSpans(100, 256, 64, true)).toEqual([{ origin: -32, size: 256 }]);
    expect(planTileSpans(1000, 256, 64, true).every((s) => s.size === 256)).toBe(true);
  });

  it("rejects sizes that are not multiples of 16 and overlaps above half the tile", () => {
    expect(() => planTileSpans(100, 250, 64)).toThrow(
      /tileSize must be a positive multiple of 16, got 250/,
    );
    expect(() => planTileSpans(100, 256, 144)).toThrow(/overlap must be a multiple of 16/);
    expect(() => planTileSpans(0, 256, 64)).toThrow(/length must be a positive integer, got 0/);
  });
});

describe("computeFeatherWeights(size, overlap)", () => {
  it("is zero in the outer quarter of the overlap and one in the tile centre", () => {
    const weights = computeFeatherWeights(256, 64);
    expect(weights[0]).toBe(0);
    expect(weights[15]).toBe(0);
    expect(weights[16]).toBeGreaterThan(0);
    expect(weights[128]).toBe(1);
    expect(weights[255]).toBe(0);
  });

  it("sums to 1 at every pixel farther than overlap/2 from the image ends (a partition of unity)", () => {
    const total = blendedWeight(2000, 256, 64);
    for (let x = 32; x < 2000 - 32; x++) expect(total[x]).toBeCloseTo(1, 6);
    for (const x of [0, 31, 1968, 1999]) expect(total[x]).toBeGreaterThan(0.5);
  });

  it("gives every pixel of a short axis a positive weight", () => {
    const total = blendedWeight(37, 256, 64);
    expect(Math.min(...total)).toBeGreaterThan(0);
  });
});

describe("reflectIndex(i, length)", () => {
  it("mirrors without repeating the edge pixel, for any distance", () => {
    expect([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6].map((i) => reflectIndex(i, 4))).toEqual([
      3, 2, 1, 0, 1, 2, 3, 2, 1, 0,
    ]);
    expect(reflectIndex(-5, 1)).toBe(0);
  });
});
