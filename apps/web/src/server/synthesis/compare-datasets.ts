/**
 * @module synthesis/compare-datasets
 * Does the synthetic data cover the real data? The view of Mill et al. 2025,
 * Fig. 2c: patches of synthetic runs and of the project's real sections,
 * resampled to one pixel size, described by colour and texture statistics
 * (`computePatchFeatures`; VGG16 ImageNet weights cannot ship here), reduced
 * by PCA and embedded in 2-D by UMAP (umap-js). Deterministic for a seed.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import {
  computePatchFeatures,
  PATCH_FEATURE_COUNT,
  PATCH_FEATURE_NAMES,
} from "@myoscope/core/patches/compute-patch-features";
import { computePrincipalComponents } from "@myoscope/core/patches/compute-principal-components";
import { measureFeatureCoverage } from "@myoscope/core/patches/measure-feature-coverage";
import { createRandom, type Random } from "@myoscope/core/synthesis/prng";
import { findSectionFiles, listSections } from "@myoscope/db/sections";
import {
  findSynthesisImageFileKey,
  findSynthesisRun,
  listSynthesisImages,
} from "@myoscope/db/synthesis-runs";
import sharp from "sharp";
import { UMAP } from "umap-js";
import type { AppDeps } from "../deps.ts";

/** Every patch is resampled to this pixel size, since texture depends on scale. */
export const PATCH_MPP = 1;
/** Patch side in pixels at {@link PATCH_MPP}: 128 µm, two to four fibers across. */
export const PATCH_SIZE_PX = 128;
/** All datasets together; UMAP over a few hundred points takes a second or two. */
export const MAX_PATCHES = 360;
const MAX_PATCHES_PER_DATASET = 120;
const MAX_IMAGES_PER_RUN = 12;
const MAX_SECTIONS = 24;
/** Patches mostly of empty slide say nothing about tissue appearance. */
const MIN_TISSUE_FRACTION = 0.5;
/** Resampled sources larger than this are cropped to a random window first. */
const MAX_RESAMPLED_SIDE = 3072;
const THUMBNAIL_PX = 40;
const PCA_COMPONENTS = 10;
const UMAP_EPOCHS = 200;
// Whole sections are large; sharp's default pixel limit would refuse them.
const MAX_INPUT_PIXELS = 4_000_000_000;

export interface CompareDatasetsInput {
  projectId: string;
  runIds: string[];
  includeSections: boolean;
  seed: number;
}

export interface ComparedDataset {
  key: string;
  label: string;
  kind: "synthetic" | "real";
  /** Images or sections patches were drawn from. */
  sourceCount: number;
  patchCount: number;
}

export interface ComparedPatch {
  x: number;
  y: number;
  /** Index into `datasets`. */
  dataset: number;
  /** Name of the image or section the patch comes from. */
  source: string;
  thumbnailUrl: string;
}

export interface DatasetComparison {
  method: "umap" | "pca";
  featureNames: readonly string[];
  patchSizePx: number;
  patchMpp: number;
  datasets: ComparedDataset[];
  points: ComparedPatch[];
  /** Variance share of the principal components fed to UMAP. */
  explainedVariance: number[];
  /**
   * Share of real patches inside the synthetic patches' k-NN manifold in PCA
   * space (Kynkäänniemi et al. 2019 recall, k = 3); null without both kinds.
   */
  realCoveredBySynthetic: number | null;
  elapsedMs: number;
}

interface PatchSource {
  dataset: number;
  name: string;
  /** Storage key of an RGB(A) image. */
  key: string;
  mpp: number;
}

interface Patch {
  dataset: number;
  source: string;
  features: Float64Array;
  thumbnailUrl: string;
}

interface Raster {
  data: Buffer;
  width: number;
  height: number;
}

/** Picks `limit` items spread evenly over the list (all when fewer). */
function spreadPick<T>(items: readonly T[], limit: number): T[] {
  if (items.length <= limit) return [...items];
  return Array.from(
    { length: limit },
    (_, i) => items[Math.floor((i * items.length) / limit)] as T,
  );
}

async function collectSources(
  deps: Pick<AppDeps, "db">,
  input: CompareDatasetsInput,
): Promise<{ datasets: ComparedDataset[]; sources: PatchSource[] }> {
  const datasets: ComparedDataset[] = [];
  const sources: PatchSource[] = [];
  for (const runId of input.runIds) {
    const run = await findSynthesisRun(deps.db, { projectId: input.projectId, runId });
    if (!run) throw new AppError("NOT_FOUND", "synthesis run not found");
    if (run.status !== "succeeded") {
      throw new AppError(
        "BAD_REQUEST",
        `synthesis run "${run.name}" has not finished (${run.status})`,
      );
    }
    const images = spreadPick(
      await listSynthesisImages(deps.db, { projectId: input.projectId, runId }),
      MAX_IMAGES_PER_RUN,
    );
    const dataset = datasets.length;
    datasets.push({
      key: `run:${run.id}`,
      label: `${run.name} (synthetic)`,
      kind: "synthetic",
      sourceCount: images.length,
      patchCount: 0,
    });
    for (const image of images) {
      const key = await findSynthesisImageFileKey(deps.db, {
        projectId: input.projectId,
        imageId: image.id,
        kind: "image",
      });
      if (key) sources.push({ dataset, name: image.name, key, mpp: image.mpp });
    }
  }
  if (input.includeSections) {
    const sections = spreadPick(
      (await listSections(deps.db, { projectId: input.projectId })).filter(
        (section) => section.status === "ready",
      ),
      MAX_SECTIONS,
    );
    // One real dataset per preparation, as the paper separates FFPE and cryo data.
    const byPreparation = new Map<string, number>();
    for (const section of sections) {
      const files = await findSectionFiles(deps.db, {
        projectId: input.projectId,
        sectionId: section.id,
      });
      if (!files) continue;
      let dataset = byPreparation.get(section.preparation);
      if (dataset === undefined) {
        dataset = datasets.length;
        byPreparation.set(section.preparation, dataset);
        const label =
          section.preparation === "unknown"
            ? "Real sections"
            : `Real sections (${section.preparation === "ffpe" ? "FFPE" : section.preparation})`;
        datasets.push({
          key: `real:${section.preparation}`,
          label,
          kind: "real",
          sourceCount: 0,
          patchCount: 0,
        });
      }
      const entry = datasets[dataset];
      if (entry) entry.sourceCount++;
      sources.push({
        dataset,
        name: section.name,
        key: files.storageKey,
        mpp: section.pixelSizeUm,
      });
    }
  }
  return { datasets, sources };
}

/** The source resampled to {@link PATCH_MPP}, cropped to a random window if it would be huge. */
async function readResampled(path: string, mpp: number, random: Random): Promise<Raster | null> {
  const image = sharp(path, { limitInputPixels: MAX_INPUT_PIXELS });
  const { width = 0, height = 0 } = await image.metadata();
  const scale = mpp / PATCH_MPP;
  const windowSide = Math.floor(MAX_RESAMPLED_SIDE / scale);
  const cropWidth = Math.min(width, windowSide);
  const cropHeight = Math.min(height, windowSide);
  const left = Math.floor(random() * (width - cropWidth + 1));
  const top = Math.floor(random() * (height - cropHeight + 1));
  const targetWidth = Math.round(cropWidth * scale);
  const targetHeight = Math.round(cropHeight * scale);
  if (targetWidth < PATCH_SIZE_PX || targetHeight < PATCH_SIZE_PX) return null;
  const { data, info } = await image
    .extract({ left, top, width: cropWidth, height: cropHeight })
    .resize(targetWidth, targetHeight, { kernel: "lanczos3", fit: "fill" })
    .removeAlpha()
    .toColourspace("srgb")
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function copyPatch(raster: Raster, left: number, top: number): Uint8Array {
  const patch = new Uint8Array(PATCH_SIZE_PX * PATCH_SIZE_PX * 3);
  for (let y = 0; y < PATCH_SIZE_PX; y++) {
    const start = ((top + y) * raster.width + left) * 3;
    patch.set(raster.data.subarray(start, start + PATCH_SIZE_PX * 3), y * PATCH_SIZE_PX * 3);
  }
  return patch;
}

async function encodeThumbnail(patch: Uint8Array): Promise<string> {
  const jpeg = await sharp(patch, {
    raw: { width: PATCH_SIZE_PX, height: PATCH_SIZE_PX, channels: 3 },
  })
    .resize(THUMBNAIL_PX, THUMBNAIL_PX)
    .jpeg({ quality: 75 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString("base64")}`;
}

/** Draws up to `wanted` tissue patches at random positions of one source. */
async function samplePatches(
  deps: Pick<AppDeps, "storage">,
  source: PatchSource,
  wanted: number,
  random: Random,
): Promise<Patch[]> {
  const raster = await readResampled(await deps.storage.localPath(source.key), source.mpp, random);
  if (!raster) return [];
  // Heavily overlapping patches of one small image are near-duplicates that
  // would pull the embedding into per-image clusters; allow about two
  // patches' worth of overlap per patch area.
  const cap = Math.max(1, Math.round((2 * raster.width * raster.height) / PATCH_SIZE_PX ** 2));
  const limit = Math.min(wanted, cap);
  const patches: Patch[] = [];
  const tissueIndex = PATCH_FEATURE_NAMES.indexOf("tissueFraction");
  for (let attempt = 0; attempt < limit * 6 && patches.length < limit; attempt++) {
    const left = Math.floor(random() * (raster.width - PATCH_SIZE_PX + 1));
    const top = Math.floor(random() * (raster.height - PATCH_SIZE_PX + 1));
    const data = copyPatch(raster, left, top);
    const features = computePatchFeatures({
      data,
      width: PATCH_SIZE_PX,
      height: PATCH_SIZE_PX,
      channels: 3,
    });
    if ((features[tissueIndex] as number) < MIN_TISSUE_FRACTION) continue;
    patches.push({
      dataset: source.dataset,
      source: source.name,
      features,
      thumbnailUrl: await encodeThumbnail(data),
    });
  }
  return patches;
}

/** 2-D coordinates: UMAP over the principal components, or the first two components for tiny sets. */
function embed(scores: Float64Array, rows: number, components: number, seed: number) {
  const pcs = Array.from({ length: rows }, (_, r) =>
    Array.from(scores.subarray(r * components, (r + 1) * components)),
  );
  if (rows < 12) {
    return { method: "pca" as const, coordinates: pcs.map((pc) => [pc[0] ?? 0, pc[1] ?? 0]) };
  }
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(15, rows - 1),
    minDist: 0.1,
    nEpochs: UMAP_EPOCHS,
    random: createRandom(seed, 7),
  });
  return { method: "umap" as const, coordinates: umap.fit(pcs) };
}

export async function compareDatasets(
  deps: Pick<AppDeps, "db" | "storage">,
  input: CompareDatasetsInput,
): Promise<DatasetComparison> {
  const started = performance.now();
  if (input.runIds.length === 0 && !input.includeSections) {
    throw new AppError(
      "BAD_REQUEST",
      "choose at least one synthesis run or include the real sections",
    );
  }
  const { datasets, sources } = await collectSources(deps, input);
  if (sources.length === 0) {
    throw new AppError("BAD_REQUEST", "the chosen datasets have no images to compare");
  }
  const perDataset = Math.min(MAX_PATCHES_PER_DATASET, Math.floor(MAX_PATCHES / datasets.length));
  const random = createRandom(input.seed, 3);
  const patches: Patch[] = [];
  for (const [dataset, entry] of datasets.entries()) {
    const own = sources.filter((source) => source.dataset === dataset);
    for (const [i, source] of own.entries()) {
      // Spread what is left of the dataset's budget over its remaining sources,
      // so a small image's unused share goes to the larger ones.
      const wanted = Math.ceil((perDataset - entry.patchCount) / (own.length - i));
      if (wanted <= 0) continue;
      const drawn = await samplePatches(deps, source, wanted, random);
      entry.patchCount += drawn.length;
      patches.push(...drawn);
    }
  }
  if (patches.length < 3) {
    throw new AppError("BAD_REQUEST", "too few tissue patches to compare (need at least 3)");
  }

  const rows = patches.length;
  const table = new Float64Array(rows * PATCH_FEATURE_COUNT);
  for (const [r, patch] of patches.entries()) table.set(patch.features, r * PATCH_FEATURE_COUNT);
  const pca = computePrincipalComponents(table, {
    rows,
    columns: PATCH_FEATURE_COUNT,
    components: Math.min(PCA_COMPONENTS, PATCH_FEATURE_COUNT),
  });
  const { method, coordinates } = embed(pca.scores, rows, pca.components, input.seed);

  const synthetic: number[] = [];
  const real: number[] = [];
  for (const [r, patch] of patches.entries()) {
    (datasets[patch.dataset]?.kind === "synthetic" ? synthetic : real).push(r);
  }
  const realCoveredBySynthetic =
    synthetic.length >= 4 && real.length > 0
      ? measureFeatureCoverage(pca.scores, synthetic, real, { dimensions: pca.components, k: 3 })
      : null;

  return {
    method,
    featureNames: PATCH_FEATURE_NAMES,
    patchSizePx: PATCH_SIZE_PX,
    patchMpp: PATCH_MPP,
    datasets,
    points: patches.map((patch, r) => ({
      x: coordinates[r]?.[0] ?? 0,
      y: coordinates[r]?.[1] ?? 0,
      dataset: patch.dataset,
      source: patch.source,
      thumbnailUrl: patch.thumbnailUrl,
    })),
    explainedVariance: pca.explainedVarianceRatio,
    realCoveredBySynthetic,
    elapsedMs: Math.round(performance.now() - started),
  };
}
