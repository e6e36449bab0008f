import { resolve } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { HE_STAIN_VECTORS } from "../features/stain-deconvolution.ts";
import {
  computePatchFeatures,
  PATCH_FEATURE_COUNT,
  PATCH_FEATURE_NAMES,
  type PatchImage,
} from "./compute-patch-features.ts";

const REAL_DATA = resolve(import.meta.dirname, "../../../../../shared/data/real");

function feature(values: Float64Array, name: (typeof PATCH_FEATURE_NAMES)[number]): number {
  return values[PATCH_FEATURE_NAMES.indexOf(name)] as number;
}

function fillPatch(
  size: number,
  colourAt: (x: number, y: number) => readonly number[],
): PatchImage {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) data.set(colourAt(x, y), (y * size + x) * 3);
  }
  return { data, width: size, height: size, channels: 3 };
}

/** The 8-bit colour of one stain at optical density `od`, inverting the `(I + 1)/255` transform. */
function stainColour(vector: readonly number[], od: number): number[] {
  const length = Math.hypot(...vector);
  return vector.map((v) => Math.round(255 * 10 ** (-od * (v / length)) - 1));
}

async function readRealPatch(relativePath: string, left: number, top: number): Promise<PatchImage> {
  const { data, info } = await sharp(resolve(REAL_DATA, relativePath))
    .removeAlpha()
    .extract({ left, top, width: 128, height: 128 })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
}

describe("computePatchFeatures(patch, options)", () => {
  it("names every value it returns", () => {
    const values = computePatchFeatures(fillPatch(8, () => [200, 100, 150]));
    expect(values).toHaveLength(PATCH_FEATURE_COUNT);
    expect(new Set(PATCH_FEATURE_NAMES).size).toBe(PATCH_FEATURE_COUNT);
  });

  it("rejects a buffer that does not match the size, naming the parameter", () => {
    const patch = fillPatch(8, () => [0, 0, 0]);
    expect(() => computePatchFeatures({ ...patch, width: 9 })).toThrow(
      new RangeError("data must hold width·height·channels = 216 bytes, got 192"),
    );
    expect(() => computePatchFeatures({ ...patch, width: 2, height: 2 })).toThrow(
      new RangeError("width must be an integer >= 4, got 2"),
    );
    expect(() => computePatchFeatures({ ...patch, channels: 2 as unknown as 3 })).toThrow(
      new RangeError("channels must be 3 or 4, got 2"),
    );
  });

  it("sees a blank slide as no tissue, no edges and only flat binary patterns", () => {
    const values = computePatchFeatures(fillPatch(32, () => [242, 240, 244]));
    expect(feature(values, "tissueFraction")).toBe(0);
    expect(feature(values, "gradientEnergy")).toBe(0);
    expect(feature(values, "gradientEnergyCoarse")).toBe(0);
    expect(feature(values, "localContrast")).toBe(0);
    expect(feature(values, "lbp8")).toBe(1);
    expect(feature(values, "stdR")).toBe(0);
    expect(feature(values, "meanOdE")).toBeLessThan(0.05);
  });

  it("recovers the stain amounts of pure Beer–Lambert hematoxylin and eosin", () => {
    const [hematoxylin = [], eosin = []] = HE_STAIN_VECTORS;
    const purple = computePatchFeatures(fillPatch(16, () => stainColour(hematoxylin, 0.8)));
    const pink = computePatchFeatures(fillPatch(16, () => stainColour(eosin, 0.5)));
    expect(feature(purple, "meanOdH")).toBeCloseTo(0.8, 1);
    expect(Math.abs(feature(purple, "meanOdE"))).toBeLessThan(0.05);
    expect(feature(pink, "meanOdE")).toBeCloseTo(0.5, 1);
    expect(Math.abs(feature(pink, "meanOdH"))).toBeLessThan(0.05);
    expect(feature(purple, "tissueFraction")).toBe(1);
    expect(feature(pink, "tissueFraction")).toBe(1);
  });

  it("codes a one-pixel checkerboard as half all-ones and half non-uniform patterns", () => {
    // Dark centres see 4 brighter and 4 equal neighbours (all bits set); bright
    // centres see bits alternate around the circle (8 transitions).
    const board = computePatchFeatures(
      fillPatch(18, (x, y) => ((x + y) % 2 ? [250, 250, 250] : [40, 40, 40])),
    );
    expect(feature(board, "lbp8")).toBeCloseTo(0.5, 10);
    expect(feature(board, "lbpNonUniform")).toBeCloseTo(0.5, 10);
  });

  it("tells fine texture from coarse texture by the gradient at half resolution", () => {
    const checker = (period: number) =>
      computePatchFeatures(
        fillPatch(64, (x, y) =>
          (Math.floor(x / period) + Math.floor(y / period)) % 2 ? [230, 180, 210] : [150, 60, 120],
        ),
      );
    const fine = checker(1);
    const coarse = checker(8);
    expect(feature(fine, "gradientEnergy")).toBeGreaterThan(feature(coarse, "gradientEnergy"));
    // Averaging 2×2 blocks flattens the fine board completely, not the coarse one.
    expect(feature(fine, "gradientEnergyCoarse")).toBe(0);
    expect(feature(coarse, "gradientEnergyCoarse")).toBeGreaterThan(0);
  });

  it("describes real H&E muscle as eosin-dominated tissue with texture", async () => {
    const wcchu = computePatchFeatures(
      await readRealPatch("he_muscle_wcchu/images/sample_img_02.tif", 300, 300),
    );
    const strange = computePatchFeatures(
      await readRealPatch("he_muscle_strange2014/Strange_2014_4a_high_res.tif", 300, 300),
    );
    for (const values of [wcchu, strange]) {
      expect(feature(values, "tissueFraction")).toBeGreaterThan(0.9);
      expect(feature(values, "meanOdE")).toBeGreaterThan(feature(values, "meanOdH"));
      expect(feature(values, "gradientEnergy")).toBeGreaterThan(0);
      const lbp = PATCH_FEATURE_NAMES.filter((name) => name.startsWith("lbp")).reduce(
        (sum, name) => sum + feature(values, name),
        0,
      );
      expect(lbp).toBeCloseTo(1, 10);
    }
    // The Strange 2014 field is stained much more strongly than the wcchu tiles.
    expect(feature(strange, "meanOdE")).toBeGreaterThan(feature(wcchu, "meanOdE") + 0.1);
  });

  it("writes into a given vector and gives the same values for RGBA input", async () => {
    const rgb = await readRealPatch("he_muscle_wcchu/images/sample_img_03.tif", 100, 500);
    const rgba = new Uint8Array(rgb.width * rgb.height * 4);
    for (let p = 0; p < rgb.width * rgb.height; p++) {
      rgba.set(rgb.data.subarray(p * 3, p * 3 + 3), p * 4);
      rgba[p * 4 + 3] = 255;
    }
    const out = new Float64Array(PATCH_FEATURE_COUNT);
    const returned = computePatchFeatures({ ...rgb, data: rgba, channels: 4 }, { out });
    expect(returned).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(computePatchFeatures(rgb)));
  });
});
