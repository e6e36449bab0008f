import { describe, expect, it } from "vitest";
import { HE_STAIN_VECTORS } from "../features/stain-deconvolution.ts";
import {
  addLabelOpticalDensity,
  createLabelOpticalDensitySums,
  meanLabelOpticalDensity,
} from "./sum-label-optical-density.ts";

/** The 8-bit pixel whose optical density is `concentration × stain` (rounded to integers). */
function pixelOf(stain: readonly [number, number, number], concentration: number): number[] {
  const length = Math.hypot(...stain);
  return stain.map((c) => Math.round(255 * 10 ** ((-concentration * c) / length) - 1));
}

const [HEMATOXYLIN, EOSIN] = HE_STAIN_VECTORS as [
  readonly [number, number, number],
  readonly [number, number, number],
];

describe("addLabelOpticalDensity(sums, labels, rgb)", () => {
  it("gives OD 0 for blank (254, 254, 254) pixels, since OD = −log10((I + 1)/255)", () => {
    const sums = createLabelOpticalDensitySums(1);
    addLabelOpticalDensity(sums, Uint8Array.of(1, 1), Uint8Array.of(254, 254, 254, 254, 254, 254));
    const mean = meanLabelOpticalDensity(sums, 1);
    expect(mean?.hematoxylin).toBeCloseTo(0, 12);
    expect(mean?.eosin).toBeCloseTo(0, 12);
  });

  it("recovers a pure haematoxylin pixel as H only and a pure eosin pixel as E only", () => {
    // OD 0.8 of haematoxylin: RGB (77, 67, 155); OD 0.5 of eosin: RGB (228, 84, 183).
    const h = pixelOf(HEMATOXYLIN, 0.8);
    const e = pixelOf(EOSIN, 0.5);
    expect(h).toEqual([77, 67, 155]);
    expect(e).toEqual([228, 84, 183]);
    const sums = createLabelOpticalDensitySums(2);
    addLabelOpticalDensity(sums, Uint8Array.of(1, 2), Uint8Array.from([...h, ...e]));
    const one = meanLabelOpticalDensity(sums, 1);
    const two = meanLabelOpticalDensity(sums, 2);
    // Rounding to 8 bits moves each channel's OD by at most ~0.004.
    expect(one?.hematoxylin).toBeCloseTo(0.8, 2);
    expect(Math.abs(one?.eosin ?? 1)).toBeLessThan(0.01);
    expect(two?.eosin).toBeCloseTo(0.5, 2);
    expect(Math.abs(two?.hematoxylin ?? 1)).toBeLessThan(0.01);
  });

  it("averages over a label's pixels across strips, skips background and reads RGBA", () => {
    const sums = createLabelOpticalDensitySums(3);
    const h = pixelOf(HEMATOXYLIN, 0.8);
    // Strip 1: background (black, would be a huge OD), then label 3 as blank.
    addLabelOpticalDensity(
      sums,
      Uint8Array.of(0, 3),
      Uint8Array.from([0, 0, 0, 9, 254, 254, 254, 9]),
      {
        channels: 4,
      },
    );
    // Strip 2: label 3 as haematoxylin 0.8.
    addLabelOpticalDensity(sums, Uint16Array.of(3), Uint8Array.from([...h, 0]), { channels: 4 });
    expect(sums.count[3]).toBe(2);
    expect(meanLabelOpticalDensity(sums, 3)?.hematoxylin).toBeCloseTo(0.4, 2);
    expect(meanLabelOpticalDensity(sums, 0)).toBeNull();
    expect(meanLabelOpticalDensity(sums, 1)).toBeNull();
  });

  it("rejects mismatched strips, other channel counts and labels beyond the sums", () => {
    const sums = createLabelOpticalDensitySums(1);
    expect(() => addLabelOpticalDensity(sums, Uint8Array.of(1), Uint8Array.of(1, 2))).toThrow(
      /rgb.length must be labels.length × channels = 3, got 2/,
    );
    expect(() =>
      addLabelOpticalDensity(sums, Uint8Array.of(1), Uint8Array.of(1, 2), { channels: 2 }),
    ).toThrow(/channels must be 3 or 4, got 2/);
    expect(() => addLabelOpticalDensity(sums, Uint8Array.of(2), Uint8Array.of(1, 2, 3))).toThrow(
      /label 2 exceeds/,
    );
    expect(() => createLabelOpticalDensitySums(-1)).toThrow(/maxLabel must be/);
  });
});
