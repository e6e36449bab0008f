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

/**
 * Fiji's Clean_Up_Local_Thickness by its definition, on a painted map: painted
 * pixels with an unpainted 8-neighbour take the mean of their painted
 * neighbours that have none (or keep their value), then the mask is applied.
 */
function cleanUpByDefinition(
  painted: Float32Array,
  mask: Uint8Array,
  width: number,
  height: number,
): Float32Array {
  const at = (x: number, y: number) =>
    x < 0 || y < 0 || x >= width || y >= height ? undefined : (painted[y * width + x] as number);
  const neighbours = (x: number, y: number) =>
    [-1, 0, 1].flatMap((dy) =>
      [-1, 0, 1].flatMap((dx) => {
        if (dx === 0 && dy === 0) return [];
        const value = at(x + dx, y + dy);
        return value === undefined ? [] : [{ x: x + dx, y: y + dy, value }];
      }),
    );
  const isEdge = (x: number, y: number) =>
    at(x, y) !== 0 && neighbours(x, y).some((n) => n.value === 0);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask[i] === 0) continue;
      if (!isEdge(x, y)) {
        out[i] = painted[i] as number;
        continue;
      }
      const inner = neighbours(x, y).filter((n) => n.value > 0 && !isEdge(n.x, n.y));
      out[i] =
        inner.length > 0
          ? inner.reduce((sum, n) => sum + n.value, 0) / inner.length
          : (painted[i] as number);
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

  it("with clean-up equals the definition's clean-up of the brute-force map", () => {
    let state = 3;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const width = 41;
    const height = 33;
    // Random blobs: discs of radius 1–6, some touching the image border.
    const mask = new Uint8Array(width * height);
    for (let k = 0; k < 14; k++) {
      const cx = random() * width;
      const cy = random() * height;
      const r = 1 + random() * 5;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++)
          if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) mask[y * width + x] = 1;
      }
    }
    const painted = bruteLocalThickness(mask, width, height);
    // The brute force paints foreground only; a disk also reaches the background pixels at its
    // radius, which count as painted for the clean-up.
    const isBackground = Uint8Array.from(mask, (value) => (value === 0 ? 1 : 0));
    const squared = computeSquaredDistances(isBackground, { width, height });
    for (let c = 0; c < mask.length; c++) {
      const rSq = squared[c] as number;
      if (rSq === 0) continue;
      for (let p = 0; p < mask.length; p++) {
        const dx = (p % width) - (c % width);
        const dy = Math.floor(p / width) - Math.floor(c / width);
        if (dx * dx + dy * dy <= rSq)
          painted[p] = Math.max(painted[p] as number, 2 * Math.sqrt(rSq));
      }
    }
    const expected = cleanUpByDefinition(painted, mask, width, height);
    const actual = computeLocalThickness(mask, { width, height });
    expect(Array.from(actual)).toEqual(Array.from(expected));
  });

  it("without clean-up equals the brute-force definition when large disks cover the image many times", () => {
    // A rectangle and an overlapping disc filling most of a 34×30 image: the ridge disks' total
    // area exceeds the image several times over.
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

  it("without clean-up equals the brute-force definition for disks far larger than their rows", () => {
    // A 96-px band across a 70×100 image with a small hole: ridge disks of radius up to 48
    // cover ~1.5·r pixels per row, so they are painted largest first through the
    // "next unpainted" offsets instead of one by one.
    const width = 70;
    const height = 100;
    const mask = new Uint8Array(width * height);
    for (let y = 2; y < 98; y++) {
      for (let x = 0; x < width; x++)
        mask[y * width + x] = (x - 20) ** 2 + (y - 50) ** 2 <= 9 ? 0 : 1;
    }
    const fast = computeLocalThickness(mask, { width, height, isCleaningUp: false });
    expect(Array.from(fast)).toEqual(Array.from(bruteLocalThickness(mask, width, height)));
  });

  it("multiplies every value by pixelSize, as Fiji's calibrated variant does", () => {
    const mask = disc(21, 7);
    const pixels = computeLocalThickness(mask, { width: 21, height: 21 });
    const calibrated = computeLocalThickness(mask, { width: 21, height: 21, pixelSize: 0.37 });
    expect(Array.from(calibrated)).toEqual(Array.from(Float32Array.from(pixels, (v) => v * 0.37)));
    expect(() => computeLocalThickness(mask, { width: 21, height: 21, pixelSize: 0 })).toThrow(
      /pixelSize must be a finite number > 0, got 0/,
    );
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
