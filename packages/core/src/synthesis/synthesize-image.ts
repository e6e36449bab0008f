/**
 * @module synthesis/synthesize-image
 *
 * The SYNTA-style generator (Mill et al. 2025, re-implemented without Blender): one synthetic
 * H&E skeletal-muscle cross-section with exact instance labels and the 3-class mask, fully
 * determined by (params, width, height, seed). Stages are separate kernels over flat arrays:
 * seeds → layout → labels → boundary classes → nuclei → stain → artifacts.
 */
import {
  applyBlur,
  applyDebris,
  applyIllumination,
  applyJpegBlockiness,
  applyNoise,
} from "./apply-artifacts.ts";
import { computeBoundaryClasses } from "./compute-boundary-classes.ts";
import { finalizeLabels } from "./finalize-labels.ts";
import { createValueNoiseTile, createWorleyTile, type TextureTile } from "./noise-textures.ts";
import { placeFiberSeeds } from "./place-fiber-seeds.ts";
import {
  NUCLEUS_CENTRAL,
  NUCLEUS_INTERSTITIAL,
  placeNuclei,
  renderNuclei,
} from "./place-nuclei.ts";
import { placeVessels, renderVessels } from "./place-vessels.ts";
import { createRandom, hash3, randomNormal } from "./prng.ts";
import { REGION_BACKGROUND, renderLayout } from "./render-layout.ts";
import { BASE_EOSIN, BASE_HEMATOXYLIN, renderStain, rotateAboutGrey } from "./render-stain.ts";
import { type SynthesisParams, validateSynthesisParams } from "./synthesis-params.ts";

/** Options of {@link synthesizeImage}. */
export interface SynthesizeImageOptions {
  /** Image width in pixels, an integer in [16, 16384]. */
  width: number;
  /** Image height in pixels, an integer in [16, 16384]. */
  height: number;
  /** Seed; the same (params, size, seed) gives identical bytes. */
  seed: number;
}

/** Measurements of the generated image, taken from its own labels and nuclei. */
export interface SynthesisStats {
  /** Mean equivalent-circle diameter (µm) of fibers not touching the image border (all if none). */
  meanEquivalentDiameterUm: number;
  /** Number of fibers not touching the image border. */
  interiorFiberCount: number;
  /** Fibers with at least one nucleus centre within the inner half radius. */
  centralNucleiFibers: number;
  /** `centralNucleiFibers / fiberCount` (0 without fibers). */
  fibersWithCentralNucleusFraction: number;
  nucleiCount: number;
  peripheralNucleiCount: number;
  centralNucleiCount: number;
  interstitialNucleiCount: number;
  /** Fraction of pixels that are tissue (not empty slide). */
  tissueFraction: number;
  /** Fraction of pixels labelled fiber. */
  fiberAreaFraction: number;
  /** Fraction of fiber pixels in the boundary class. */
  boundaryFraction: number;
}

/** One synthetic image with its ground truth. */
export interface SynthesizedImage {
  width: number;
  height: number;
  /** RGB interleaved, length width·height·3. */
  rgb: Uint8Array;
  /** Instance ids 1..fiberCount, 0 = not fiber. Every id is one 4-connected region. */
  labels: Uint16Array;
  /** 0 background/connective, 1 fiber, 2 fiber boundary band. */
  classes: Uint8Array;
  /** Number of distinct labels present. */
  fiberCount: number;
  stats: SynthesisStats;
}

const TILE = 512;
const SMALL_TILE = 256;

function validateSize(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 16 || value > 16384) {
    throw new RangeError(`${name} must be an integer in [16, 16384], got ${String(value)}`);
  }
  return value;
}

/**
 * Synthesises one image.
 * @throws RangeError naming the parameter for a bad size, seed or parameter value.
 */
export function synthesizeImage(
  params: SynthesisParams,
  options: SynthesizeImageOptions,
): SynthesizedImage {
  const width = validateSize("width", options?.width);
  const height = validateSize("height", options?.height);
  const seed = options.seed;
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new RangeError(`seed must be a finite number, got ${String(seed)}`);
  }
  const p = validateSynthesisParams(params);
  const mpp = p.mpp;
  const n = width * height;

  const seeds = placeFiberSeeds(p, { width, height, seed });
  const cornerRadius = p.cornerRounding * seeds.meanRadiusPx * 0.6;
  const layout = renderLayout(seeds, {
    width,
    height,
    warpAmplitude: p.borderWarp * seeds.meanRadiusPx,
    warpWavelength: Math.max(4, p.borderWarpScale * 2 * seeds.meanRadiusPx),
    cornerRadius,
    roundnessFactor: 1.62 - 0.4 * p.cornerRounding,
    salt: seed * 13 + 5,
  });
  const minArea = Math.max(8, Math.min(40, 0.02 * Math.PI * seeds.meanRadiusPx ** 2));
  const fl = finalizeLabels(layout.owner, layout.region, width, height, seeds.count, minArea);
  const classes = computeBoundaryClasses(fl.labels, width, height, p.boundaryWidthPx);

  // Textures (per image, tileable).
  const random = createRandom(seed, 5);
  const mottlePx = Math.max(2, p.mottleScaleUm / mpp);
  const mottleValue = createValueNoiseTile(TILE, TILE / mottlePx, 3, seed + 41);
  const mottleCells = createWorleyTile(TILE, TILE / mottlePx, "f1", random);
  // Real fiber cytoplasm is homogeneous: mostly smooth value noise, a little cell structure.
  for (let i = 0; i < mottleValue.data.length; i++) {
    mottleValue.data[i] =
      0.85 * (mottleValue.data[i] ?? 0) + 0.15 * (1 - (mottleCells.data[i] ?? 0));
  }
  const speckle = createStippleTile(Math.max(1.2, p.speckleSizeUm / mpp), seed, random);
  const fibrous = createFibrousTile(mpp, seed);
  const vacuoles =
    p.vacuoleFraction > 0
      ? createFreezeTile(Math.max(2, p.vacuoleSizeUm / mpp), seed, random)
      : { size: 1, mask: 0, data: new Float32Array(1) };
  const chromatin = createValueNoiseTile(
    SMALL_TILE,
    SMALL_TILE / Math.max(1.5, 0.8 / mpp),
    2,
    seed + 43,
  );

  // Per-fiber shade (fiber types), texture offsets and vacuole flags.
  const fiberShade = new Float32Array(fl.count + 1);
  const fiberOffsetX = new Int32Array(fl.count + 1);
  const fiberOffsetY = new Int32Array(fl.count + 1);
  const fiberVacuoles = new Float32Array(fl.count + 1);
  for (let l = 1; l <= fl.count; l++) {
    fiberShade[l] = Math.min(1.7, Math.max(0.5, 1 + p.fiberShadeVariation * randomNormal(random)));
    fiberOffsetX[l] = Math.floor(random() * TILE);
    fiberOffsetY[l] = Math.floor(random() * TILE);
    // Hole threshold per fiber: affected fibers range from a few holes to a riddled mesh.
    const affected = random() < p.vacuoleFraction;
    const severity = random();
    fiberVacuoles[l] = affected ? 0.74 - 0.2 * severity : 0;
  }

  const vesselList = placeVessels(p, {
    width,
    height,
    seed,
    region: layout.region,
    edgeDist: layout.edgeDist,
  });
  const vessels = renderVessels(vesselList, width, height);
  const nuclei = placeNuclei(p, {
    width,
    height,
    seed,
    labels: fl,
    region: layout.region,
    edgeDist: layout.edgeDist,
    vessels: vesselList,
  });
  const nucleusMap = renderNuclei(nuclei, width, height, chromatin);

  const folds = {
    x: new Float64Array(p.foldCount),
    y: new Float64Array(p.foldCount),
    nx: new Float64Array(p.foldCount),
    ny: new Float64Array(p.foldCount),
    halfWidth: new Float64Array(p.foldCount),
  };
  for (let f = 0; f < p.foldCount; f++) {
    const angle = random() * Math.PI;
    folds.x[f] = random() * width;
    folds.y[f] = random() * height;
    folds.nx[f] = Math.cos(angle);
    folds.ny[f] = Math.sin(angle);
    folds.halfWidth[f] = (5 + 25 * random()) / mpp;
  }

  const tint = p.backgroundTint;
  const bgDir: [number, number, number] =
    tint >= 0
      ? [0.577 + (0.2 - 0.577) * tint, 0.577 + (0.8 - 0.577) * tint, 0.577 + (0.45 - 0.577) * tint]
      : [
          0.577 - (0.75 - 0.577) * tint,
          0.577 - (0.55 - 0.577) * tint,
          0.577 - (0.35 - 0.577) * tint,
        ];
  const rgb = new Uint8Array(n * 3);
  renderStain(
    {
      width,
      height,
      region: layout.region,
      labels: fl.labels,
      edgeDist: layout.edgeDist,
      tight: layout.tight,
      nuclei: nucleusMap,
      fiberShade,
      fiberOffsetX,
      fiberOffsetY,
      fiberVacuoles,
      mottle: mottleValue,
      speckle,
      fibrous,
      stromaPatches: createValueNoiseTile(TILE, TILE / Math.max(8, 45 / mpp), 2, seed + 81),
      vacuoles,
      endomysiumLinePx: Math.max(1, 0.7 / mpp),
      folds,
      hematoxylin: rotateAboutGrey(normalize(BASE_HEMATOXYLIN), p.hematoxylinHueShift),
      eosin: rotateAboutGrey(normalize(BASE_EOSIN), p.eosinHueShift),
      background: [bgDir[0] * p.backgroundOd, bgDir[1] * p.backgroundOd, bgDir[2] * p.backgroundOd],
      hematoxylinConcentration: p.hematoxylinConcentration,
      eosinConcentration: p.eosinConcentration,
      fiberHematoxylin: p.fiberHematoxylin,
      connectiveStain: p.connectiveStain,
      connectiveDensity: p.connectiveDensity,
      mottleAmplitude: p.mottleAmplitude,
      speckleAmount: Math.max(0, p.speckleAmount),
      membraneContrast: p.membraneContrast,
      membraneWidthPx: p.membraneWidthPx,
      vessels,
    },
    rgb,
  );
  applyDebris(rgb, width, height, p.debrisDensity, mpp, seed);
  applyIllumination(rgb, width, height, p.vignetting, p.illuminationGradient, random);
  applyBlur(rgb, width, height, p.blurSigmaPx);
  applyNoise(rgb, p.noiseSigma, createRandom(seed, 9));
  applyJpegBlockiness(rgb, width, height, p.jpegBlockiness);

  return {
    width,
    height,
    rgb,
    labels: fl.labels,
    classes,
    fiberCount: fl.count,
    stats: measureStats(fl, nuclei, layout.region, classes, mpp),
  };
}

function normalize(v: readonly [number, number, number]): [number, number, number] {
  const l = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / l, v[1] / l, v[2] / l];
}

/**
 * Myofibril stipple of FFPE fibers: irregular pale flecks about `spacingPx` apart with soft
 * edges, from two octaves of value noise mixed with Worley F1 and thresholded (never a regular
 * dot lattice). 0 = cytoplasm, 1 = pale fleck.
 */
function createStippleTile(spacingPx: number, seed: number, random: () => number): TextureTile {
  const cells = SMALL_TILE / spacingPx;
  const value = createValueNoiseTile(SMALL_TILE, cells * 0.9, 2, seed + 61);
  const pits = createWorleyTile(SMALL_TILE, cells * 0.6, "f1", random);
  const data = value.data;
  for (let i = 0; i < data.length; i++) {
    const v = 0.7 * (data[i] ?? 0) + 0.3 * (1 - (pits.data[i] ?? 1));
    const t = (v - 0.5) * 6;
    data[i] = t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t);
  }
  return value;
}

/**
 * Freezing-artifact potential: irregular blobs (value noise) joined by a crack network (Worley
 * F2 − F1). A fiber shows a hole where the potential exceeds its threshold.
 */
function createFreezeTile(sizePx: number, seed: number, random: () => number): TextureTile {
  const blobs = createValueNoiseTile(SMALL_TILE, SMALL_TILE / (sizePx * 1.6), 3, seed + 71);
  const net = createWorleyTile(SMALL_TILE, SMALL_TILE / (sizePx * 2.2), "f2-f1", random);
  const data = blobs.data;
  for (let i = 0; i < data.length; i++) {
    const crack = Math.max(0, 1 - (net.data[i] ?? 1) / 0.12);
    data[i] = 0.75 * (data[i] ?? 0) + 0.3 * crack * (data[i] ?? 0) * 1.6;
  }
  return blobs;
}

/** Wispy collagen-like strands: thin ridges of a sine grating strongly phase-modulated by noise,
 * faded in and out by a second noise so that strands start and stop. */
function createFibrousTile(mpp: number, seed: number): TextureTile {
  const noise = createValueNoiseTile(TILE, TILE / Math.max(4, 12 / mpp), 3, seed + 51);
  const fade = createValueNoiseTile(TILE, TILE / Math.max(4, 20 / mpp), 2, seed + 53);
  const angle = hash3(seed, 3, 51) * Math.PI;
  const period = Math.max(2.5, 3.5 / mpp);
  const kx = Math.round((TILE / period) * Math.cos(angle));
  const ky = Math.round((TILE / period) * Math.sin(angle));
  const data = new Float32Array(TILE * TILE);
  for (let y = 0; y < TILE; y++) {
    for (let x = 0; x < TILE; x++) {
      const i = y * TILE + x;
      const phase = (2 * Math.PI * (kx * x + ky * y)) / TILE + 14 * (noise.data[i] ?? 0);
      const ridge = 1 - Math.abs(Math.sin(phase));
      const r4 = ridge * ridge * ridge * ridge;
      const f = Math.max(0, (fade.data[i] ?? 0) * 2 - 0.6);
      data[i] = Math.min(1, 0.25 * (noise.data[i] ?? 0) + 0.9 * r4 * r4 * f);
    }
  }
  return { size: TILE, mask: TILE - 1, data };
}

function measureStats(
  fl: ReturnType<typeof finalizeLabels>,
  nuclei: ReturnType<typeof placeNuclei>,
  region: Uint8Array,
  classes: Uint8Array,
  mpp: number,
): SynthesisStats {
  let sumAll = 0;
  let sumInterior = 0;
  let interior = 0;
  for (let l = 1; l <= fl.count; l++) {
    const d = 2 * Math.sqrt((fl.area[l] ?? 0) / Math.PI) * mpp;
    sumAll += d;
    if (fl.touchesEdge[l] === 0) {
      sumInterior += d;
      interior++;
    }
  }
  let tissue = 0;
  for (let i = 0; i < region.length; i++) if (region[i] !== REGION_BACKGROUND) tissue++;
  let fiber = 0;
  let boundary = 0;
  for (let i = 0; i < classes.length; i++) {
    if (classes[i] === 1) fiber++;
    else if (classes[i] === 2) boundary++;
  }
  let central = 0;
  let interstitial = 0;
  for (let k = 0; k < nuclei.count; k++) {
    if (nuclei.kind[k] === NUCLEUS_CENTRAL) central++;
    else if (nuclei.kind[k] === NUCLEUS_INTERSTITIAL) interstitial++;
  }
  return {
    meanEquivalentDiameterUm:
      interior > 0 ? sumInterior / interior : fl.count > 0 ? sumAll / fl.count : 0,
    interiorFiberCount: interior,
    centralNucleiFibers: nuclei.centralFibers,
    fibersWithCentralNucleusFraction: fl.count > 0 ? nuclei.centralFibers / fl.count : 0,
    nucleiCount: nuclei.count,
    peripheralNucleiCount: nuclei.count - central - interstitial,
    centralNucleiCount: central,
    interstitialNucleiCount: interstitial,
    tissueFraction: tissue / region.length,
    fiberAreaFraction: (fiber + boundary) / region.length,
    boundaryFraction: fiber + boundary > 0 ? boundary / (fiber + boundary) : 0,
  };
}
