import { describe, expect, it } from "vitest";
import { computeSquaredDistances } from "./compute-distance-transform.ts";
import { computeLocalThickness } from "./compute-local-thickness.ts";

/**
 * The definition, by brute force: at each foreground pixel, the largest
 * 2·√r² over every foreground centre whose grid disk (squared radius r² = its
 * squared distance to the background) contains the pixel.
 */
function bruteLocalThickness(mask: Uint8Array, width: number, height: number): Float32Array {
  const isBackground = Uint8Array.from(mask, (value) => (value === 0 ? 1 : 0));
  const squared = computeSquaredDistances(isBackground, { width, height });
  const out = new Float32Array(width * height);
  for (let c = 0; c < mask.length; c++) {
    const rSq = squared[c] as number;
    if (rSq === 0) continue;
    const cx = c % width;
    const cy = Math.floor(c / width);
    for (let p = 0; p < mask.length; p++) {
      if (mask[p] === 0) continue;
      const dx = (p % width) - cx;
      const dy = Math.floor(p / width) - cy;
      if (dx * dx + dy * dy <= rSq) out[p] = Math.max(out[p] as number, 2 * Math.sqrt(rSq));
    }
  }
  return out;
}

function disc(size: number, radius: number): Uint8Array {
  const c = (size - 1) / 2;
  return Uint8Array.from({ length: size * size }, (_, i) =>
    ((i % size) - c) ** 2 + (Math.floor(i / size) - c) ** 2 <= radius * radius ? 1 : 0,
  );
}

function foreground(values: Float32Array, mask: Uint8Array): number[] {
  return Array.from(values).filter((_, i) => mask[i] !== 0);
}

describe("computeLocalThickness(mask, options)", () => {
  it("gives every pixel of a disc of radius 10 the same thickness, its inscribed diameter", () => {
    // The nearest background to the centre is at (10, 1): r² = 101, so the
    // thickness is 2·√101 ≈ 20.10 px for a disc 21 px across.
    const mask = disc(31, 10);
    const values = foreground(computeLocalThickness(mask, { width: 31, height: 31 }), mask);
    expect(values.length).toBe(317);
    for (const value of values) expect(value).toBeCloseTo(2 * Math.sqrt(101), 5);
  });

  it("reads a straight band of width w as w (even) or w + 1 (odd), as Fiji does", () => {
    for (const bandWidth of [1, 2, 5, 6, 9]) {
      const width = 40;
      const height = bandWidth + 8;
      const mask = Uint8Array.from({ length: width * height }, (_, i) => {
        const y = Math.floor(i / width);
        return y >= 4 && y < 4 + bandWidth ? 1 : 0;
      });
      const expected = bandWidth % 2 === 0 ? bandWidth : bandWidth + 1;
      const values = foreground(computeLocalThickness(mask, { width, height }), mask);
      expect(new Set(values)).toEqual(new Set([expected]));
    }
  });

  it("in an L of a 10-px and a 6-px arm, gives each arm its width away from the corner", () => {
    // Vertical arm x ∈ [2, 12), y ∈ [2, 40); horizontal arm y ∈ [34, 40), x ∈ [2, 60).
    const width = 64;
    const height = 44;
    const mask = new Uint8Array(width * height);
    for (let y = 2; y < 40; y++) for (let x = 2; x < 12; x++) mask[y * width + x] = 1;
    for (let y = 34; y < 40; y++) for (let x = 2; x < 60; x++) mask[y * width + x] = 1;
    const thickness = computeLocalThickness(mask, { width, height });
    const thickArm: number[] = [];
    const thinArm: number[] = [];
    for (let y = 2; y <= 28; y++)
      for (let x = 2; x < 12; x++) thickArm.push(thickness[y * width + x] as number);
    for (let y = 34; y < 40; y++)
      for (let x = 20; x < 60; x++) thinArm.push(thickness[y * width + x] as number);
    expect(new Set(thickArm)).toEqual(new Set([10]));
    expect(new Set(thinArm)).toEqual(new Set([6]));
    // In between, around the corner, disks of intermediate size fit.
    const values = foreground(thickness, mask);
    expect(Math.min(...values)).toBe(6);
    // The outer corner fits a slightly larger disk (r² = 26 → 2·√26 ≈ 10.2).
    expect(Math.max(...values)).toBeCloseTo(2 * Math.sqrt(26), 5);
  });

  it("without clean-up equals the brute-force definition on irregular shapes", () => {
    // Blobs, a ring and thin bridges on a 48×40 grid.
    const width = 48;
    const height = 40;
    const mask = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inBlob =
          (x - 12) ** 2 + (y - 12) ** 2 <= 81 || (x - 34) ** 2 / 2 + (y - 26) ** 2 <= 70;
        const inRing = (x - 36) ** 2 + (y - 9) ** 2 <= 36 && (x - 36) ** 2 + (y - 9) ** 2 > 9;
        const inBridge = (y === 20 && x > 10 && x < 30) || (x === 5 && y > 18 && y < 38);
        mask[y * width + x] = inBlob || inRing || inBridge ? 1 : 0;
      }
    }
    const fast = computeLocalThickness(mask, { width, height, isCleaningUp: false });
    const brute = bruteLocalThickness(mask, width, height);
    expect(Array.from(fast)).toEqual(Array.from(brute));
  });

  it("without clean-up equals the brute-force definition when large disks cover the image many times", () => {
    // A rectangle and an overlapping disc filling most of a 34×30 image: the ridge disks' total area
    // exceeds the image, so they are painted largest first through the "next unpainted" pointers.
    const width = 34;
    const height = 30;
    const mask = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inRectangle = x >= 1 && x < 25 && y >= 2 && y < 27;
        const inDisc = (x - 24) ** 2 + (y - 14) ** 2 <= 81;
        mask[y * width + x] = inRectangle || inDisc ? 1 : 0;
      }
    }
    const fast = computeLocalThickness(mask, { width, height, isCleaningUp: false });
    expect(Array.from(fast)).toEqual(Array.from(bruteLocalThickness(mask, width, height)));
  });

  it("returns Infinity on the foreground when there is no background at all", () => {
    const out = computeLocalThickness(new Uint8Array(4).fill(1), { width: 2, height: 2 });
    expect(Array.from(out)).toEqual([Infinity, Infinity, Infinity, Infinity]);
  });

  it("returns zeros for an empty mask", () => {
    expect(Array.from(computeLocalThickness(new Uint8Array(6), { width: 3, height: 2 }))).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
  });
});
