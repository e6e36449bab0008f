/**
 * @module patches/compute-patch-features
 * Colour and texture statistics of one RGB patch: the features behind the
 * dataset comparison view (Mill et al. 2025, Fig. 2c). The paper embedded
 * VGG16 ImageNet features; those weights cannot ship here, so a patch is
 * described by what distinguishes H&E datasets by eye: stain amounts
 * (Ruifrok–Johnston colour deconvolution), RGB colour, how much of it is
 * tissue, edge energy at two scales, local contrast and a rotation-invariant
 * local binary pattern histogram.
 */
import {
  createOpticalDensityTable,
  createStainDeconvolution,
} from "../features/stain-deconvolution.ts";

/** Names of the features, in the order of the returned vector. */
export const PATCH_FEATURE_NAMES = [
  "meanR",
  "meanG",
  "meanB",
  "stdR",
  "stdG",
  "stdB",
  "meanOdH",
  "stdOdH",
  "meanOdE",
  "stdOdE",
  "tissueFraction",
  "gradientEnergy",
  "gradientEnergyCoarse",
  "localContrast",
  "lbp0",
  "lbp1",
  "lbp2",
  "lbp3",
  "lbp4",
  "lbp5",
  "lbp6",
  "lbp7",
  "lbp8",
  "lbpNonUniform",
] as const;

export const PATCH_FEATURE_COUNT = PATCH_FEATURE_NAMES.length;

/**
 * A pixel is tissue when its optical density summed over R, G and B exceeds
 * this: white slide is ≈ 0.1, the palest eosin-stained fiber ≈ 0.3.
 */
export const TISSUE_OD_THRESHOLD = 0.25;

/** An interleaved 8-bit RGB or RGBA patch. */
export interface PatchImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 3 | 4;
}

export interface ComputePatchFeaturesOptions {
  /** Vector to write into (length {@link PATCH_FEATURE_COUNT}), to reuse memory over many patches. */
  out?: Float64Array;
}

const OD_TABLE = createOpticalDensityTable();
const DECONVOLUTION = createStainDeconvolution();

function checkPatch(patch: PatchImage): void {
  const { width, height, channels, data } = patch;
  if (!Number.isInteger(width) || width < 4) {
    throw new RangeError(`width must be an integer >= 4, got ${width}`);
  }
  if (!Number.isInteger(height) || height < 4) {
    throw new RangeError(`height must be an integer >= 4, got ${height}`);
  }
  if (channels !== 3 && channels !== 4) {
    throw new RangeError(`channels must be 3 or 4, got ${String(channels)}`);
  }
  if (data.length !== width * height * channels) {
    throw new RangeError(
      `data must hold width·height·channels = ${width * height * channels} bytes, got ${data.length}`,
    );
  }
}

/** Means and standard deviations of the colour channels and of the H and E optical densities. */
function writeColourStatistics(patch: PatchImage, luminance: Uint8Array, out: Float64Array): void {
  const { data, channels } = patch;
  const n = patch.width * patch.height;
  const [h0, h1, h2, e0, e1, e2] = DECONVOLUTION as unknown as number[];
  const sum = new Float64Array(7);
  const sumSq = new Float64Array(7);
  let tissue = 0;
  for (let p = 0, o = 0; p < n; p++, o += channels) {
    const r = data[o] as number;
    const g = data[o + 1] as number;
    const b = data[o + 2] as number;
    const odR = OD_TABLE[r] as number;
    const odG = OD_TABLE[g] as number;
    const odB = OD_TABLE[b] as number;
    const odH = (h0 as number) * odR + (h1 as number) * odG + (h2 as number) * odB;
    const odE = (e0 as number) * odR + (e1 as number) * odG + (e2 as number) * odB;
    if (odR + odG + odB > TISSUE_OD_THRESHOLD) tissue++;
    luminance[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    sum[0] = (sum[0] as number) + r;
    sum[1] = (sum[1] as number) + g;
    sum[2] = (sum[2] as number) + b;
    sum[3] = (sum[3] as number) + odH;
    sum[4] = (sum[4] as number) + odE;
    sumSq[0] = (sumSq[0] as number) + r * r;
    sumSq[1] = (sumSq[1] as number) + g * g;
    sumSq[2] = (sumSq[2] as number) + b * b;
    sumSq[3] = (sumSq[3] as number) + odH * odH;
    sumSq[4] = (sumSq[4] as number) + odE * odE;
  }
  const mean = (i: number) => (sum[i] as number) / n;
  const std = (i: number) => Math.sqrt(Math.max(0, (sumSq[i] as number) / n - mean(i) ** 2));
  // Colours on a 0–1 scale so that no feature dwarfs the others before standardisation.
  out[0] = mean(0) / 255;
  out[1] = mean(1) / 255;
  out[2] = mean(2) / 255;
  out[3] = std(0) / 255;
  out[4] = std(1) / 255;
  out[5] = std(2) / 255;
  out[6] = mean(3);
  out[7] = std(3);
  out[8] = mean(4);
  out[9] = std(4);
  out[10] = tissue / n;
}

/**
 * Mean squared forward-difference gradient of an 8-bit image, on a 0–1
 * intensity scale. Forward, not central, differences: central ones are blind
 * to the finest (one-pixel) texture.
 */
function measureGradientEnergy(values: ArrayLike<number>, width: number, height: number): number {
  if (width < 2 || height < 2) return 0;
  let sum = 0;
  for (let y = 0; y < height - 1; y++) {
    const row = y * width;
    for (let x = 0; x < width - 1; x++) {
      const i = row + x;
      const v = values[i] as number;
      const dx = (values[i + 1] as number) - v;
      const dy = (values[i + width] as number) - v;
      sum += dx * dx + dy * dy;
    }
  }
  return sum / ((width - 1) * (height - 1) * 255 * 255);
}

/** 2×2 box average, for the coarse-scale gradient (texture at twice the spacing). */
function halveImage(values: Uint8Array, width: number, height: number): Uint8Array {
  const w = width >> 1;
  const h = height >> 1;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 2 * y * width + 2 * x;
      const total =
        (values[i] as number) +
        (values[i + 1] as number) +
        (values[i + width] as number) +
        (values[i + width + 1] as number);
      out[y * w + x] = (total + 2) >> 2;
    }
  }
  return out;
}

// Neighbours of the 8-point, radius-1 LBP in circular order.
const LBP_DX = [1, 1, 0, -1, -1, -1, 0, 1];
const LBP_DY = [0, 1, 1, 1, 0, -1, -1, -1];

/**
 * Rotation-invariant uniform local binary patterns (LBP^riu2_{8,1}; Ojala,
 * Pietikäinen & Mäenpää, IEEE TPAMI 2002): a pattern with at most two 0/1
 * transitions around the circle is coded by its number of set bits (0…8),
 * every other pattern shares bin 9. Also returns the mean 3×3 standard
 * deviation (local contrast), which LBP by design ignores.
 */
function writeTextureStatistics(
  luminance: Uint8Array,
  width: number,
  height: number,
  out: Float64Array,
  offset: number,
): void {
  const histogram = new Float64Array(10);
  let contrast = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const centre = luminance[y * width + x] as number;
      let first = 0;
      let previous = 0;
      let ones = 0;
      let transitions = 0;
      let sum = centre;
      let sumSq = centre * centre;
      for (let k = 0; k < 8; k++) {
        const value = luminance[
          (y + (LBP_DY[k] as number)) * width + x + (LBP_DX[k] as number)
        ] as number;
        sum += value;
        sumSq += value * value;
        const bit = value >= centre ? 1 : 0;
        ones += bit;
        if (k === 0) first = bit;
        else if (bit !== previous) transitions++;
        previous = bit;
      }
      if (previous !== first) transitions++;
      const bin = transitions <= 2 ? ones : 9;
      histogram[bin] = (histogram[bin] as number) + 1;
      const mean = sum / 9;
      contrast += Math.sqrt(Math.max(0, sumSq / 9 - mean * mean));
    }
  }
  const pixels = (width - 2) * (height - 2);
  out[offset] = contrast / (pixels * 255);
  for (let b = 0; b < 10; b++) out[offset + 1 + b] = (histogram[b] as number) / pixels;
}

/**
 * Describes a patch by {@link PATCH_FEATURE_NAMES}. Pure and deterministic;
 * the patch should be resampled to a common pixel size first, since the
 * texture features depend on scale.
 * @throws RangeError if the patch is smaller than 4×4 or its buffer does not match its size.
 */
export function computePatchFeatures(
  patch: PatchImage,
  options: ComputePatchFeaturesOptions = {},
): Float64Array {
  checkPatch(patch);
  const out = options.out ?? new Float64Array(PATCH_FEATURE_COUNT);
  if (out.length !== PATCH_FEATURE_COUNT) {
    throw new RangeError(`out must have length ${PATCH_FEATURE_COUNT}, got ${out.length}`);
  }
  const { width, height } = patch;
  const luminance = new Uint8Array(width * height);
  writeColourStatistics(patch, luminance, out);
  out[11] = measureGradientEnergy(luminance, width, height);
  out[12] = measureGradientEnergy(halveImage(luminance, width, height), width >> 1, height >> 1);
  writeTextureStatistics(luminance, width, height, out, 13);
  return out;
}
