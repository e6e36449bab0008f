/**
 * @module training-export/export-training-dataset
 * Writes a training dataset that standard trainers read, from folders of
 * source images in the `myoscope synth` file layout:
 *
 *   OUT/manifest.json                 sources, pixel sizes, split, tile and weight parameters
 *   OUT/{train,val}/images/T.png      RGB 8-bit tiles
 *   OUT/{train,val}/masks/T.png       8-bit classes: 0 background, 1 fiber, 2 boundary
 *   OUT/{train,val}/labels/T.png      16-bit instance labels, 0 = not fiber
 *   OUT/{train,val}/weights/T.png     with `withWeights`: 16-bit round(weight · 100)
 *   OUT/coco_train.json, coco_val.json  COCO instance polygons of the same tiles
 *
 * The split is by source image, never by tile. Weight maps are computed on the
 * whole source image before tiling, so tiles carry no edge effects. Everything
 * is written under `OUT.partial-*` and renamed to OUT at the end: a failed
 * export leaves nothing under OUT.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import {
  buildCocoAnnotations,
  COCO_FIBER_CATEGORY,
  type CocoAnnotation,
} from "@myoscope/core/training-export/build-coco-annotations";
import {
  type BorderWeightMapOptions,
  computeBorderWeightMap,
} from "@myoscope/core/training-export/compute-border-weight-map";
import { computeTileGrid, type TileRect } from "@myoscope/core/training-export/compute-tile-grid";
import { extractTile } from "@myoscope/core/training-export/extract-tile";
import { quantizeWeightMap } from "@myoscope/core/training-export/quantize-weight-map";
import { splitSources } from "@myoscope/core/training-export/split-sources";
import sharp from "sharp";
import { encodeGrayPng } from "../synthesis/encode-gray-png.ts";
import {
  findTrainingSources,
  readTrainingSource,
  readTrainingSourceSize,
  type TrainingSourceFiles,
} from "./read-training-source.ts";
import { writeZip } from "./write-zip.ts";

/** Bumped when the layout of an export changes; `train.py` checks `format`. */
export const TRAINING_EXPORT_FORMAT_VERSION = 1;
const WEIGHT_SCALE = 100;
const SPLITS = ["train", "val"] as const;
type Split = (typeof SPLITS)[number];

export interface ExportTrainingDatasetOptions {
  /** Folders of source images (`<name>.png`, `.labels.png`, `.classes.png`, `.json`). */
  from: readonly string[];
  /** Output folder; must not exist or be empty. */
  out: string;
  /** @default 400 (the SYNTA paper's patch size) */
  tileSize?: number;
  /** @default 0 */
  overlap?: number;
  /** Fraction of source images for validation. @default 0.1 */
  valFraction?: number;
  /** Seed of the split. @default 0 */
  seed?: number;
  /** Write border weight maps. @default false */
  withWeights?: boolean;
  /** Parameters of the weight maps (the SYNTA paper's by default). */
  weightOptions?: Omit<BorderWeightMapOptions, "classes">;
  /** Also write `OUT.zip` (files under the folder name OUT). @default false */
  zip?: boolean;
  /** Called after every tile, and during zipping. */
  onProgress?: (progress: {
    done: number;
    total: number;
    stage: "tiles" | "zip";
    source?: string;
  }) => void;
}

export interface TrainingExportTile {
  file: string;
  source: string;
  x: number;
  y: number;
  width: number;
  height: number;
  mpp: number;
  fibers: number;
}

export interface TrainingExportSource {
  id: string;
  dir: string;
  name: string;
  width: number;
  height: number;
  mpp: number;
  seed: number | null;
  preset: string | null;
  fiberCount: number | null;
  split: Split;
  tiles: number;
  sha256: string;
}

export interface TrainingExportManifest {
  format: "myoscope-training-export";
  formatVersion: number;
  /** Content hash of the sources and the export parameters (16 hex digits). */
  datasetVersion: string;
  createdAt: string;
  seed: number;
  presets: string[];
  classes: ["background", "fiber", "boundary"];
  tile: { size: number; overlap: number };
  valFraction: number;
  mpp: { mean: number; min: number; max: number };
  weights:
    | null
    | ({ encoding: "png16"; scale: number; reference: string } & Required<
        Omit<BorderWeightMapOptions, "classes">
      >);
  files: Record<string, string>;
  sources: TrainingExportSource[];
  tiles: Record<Split, TrainingExportTile[]>;
}

function formatTileName(id: string, rect: TileRect): string {
  const pad = (value: number) => String(value).padStart(4, "0");
  return `${id}_x${pad(rect.x)}_y${pad(rect.y)}.png`;
}

function countDistinct(labels: Uint16Array): number {
  const seen = new Set<number>();
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0) seen.add(labels[i] as number);
  return seen.size;
}

async function assertEmptyOrMissing(dir: string): Promise<void> {
  try {
    const entries = await readdir(dir);
    if (entries.length > 0) throw new Error(`output folder ${dir} is not empty`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** Writes the dataset and returns its manifest (also written to OUT/manifest.json). */
export async function exportTrainingDataset(
  options: ExportTrainingDatasetOptions,
): Promise<TrainingExportManifest> {
  const { tileSize = 400, overlap = 0, valFraction = 0.1, seed = 0, withWeights = false } = options;
  if (options.from.length === 0) throw new RangeError("from must name at least one source folder");
  const out = resolve(options.out);
  await assertEmptyOrMissing(out);
  const sources = await findTrainingSources(options.from);
  if (sources.length === 0) {
    throw new Error(
      `no source images (<name>.png, .labels.png, .classes.png, .json) in ${options.from.join(", ")}`,
    );
  }
  const split = splitSources(
    sources.map((s) => s.id),
    { valFraction, seed },
  );
  const valIds = new Set(split.val);
  const sizes = await Promise.all(sources.map((s) => readTrainingSourceSize(s)));
  const grids = sizes.map(({ width, height }) =>
    computeTileGrid(width, height, { tileSize, overlap }),
  );
  const totalTiles = grids.reduce((sum, grid) => sum + grid.length, 0);
  const weightParams = {
    w0: 400,
    sigma: 5,
    fiberWeight: 50,
    backgroundWeight: 10,
    cutoff: 0.01,
    ...options.weightOptions,
  };
  const weightSettings = {
    ...weightParams,
    boundaryWeight: options.weightOptions?.boundaryWeight ?? weightParams.fiberWeight,
  };

  const staging = join(
    resolve(out, ".."),
    `.${basename(out)}.partial-${randomBytes(4).toString("hex")}`,
  );
  try {
    for (const part of SPLITS) {
      for (const kind of ["images", "masks", "labels", ...(withWeights ? ["weights"] : [])]) {
        await mkdir(join(staging, part, kind), { recursive: true });
      }
    }
    const tiles: Record<Split, TrainingExportTile[]> = { train: [], val: [] };
    const coco: Record<Split, { images: object[]; annotations: CocoAnnotation[] }> = {
      train: { images: [], annotations: [] },
      val: { images: [], annotations: [] },
    };
    const manifestSources: TrainingExportSource[] = [];
    const versionHash = createHash("sha256");
    let done = 0;
    for (const [index, source] of sources.entries()) {
      const part: Split = valIds.has(source.id) ? "val" : "train";
      const grid = grids[index] as TileRect[];
      const image = await readTrainingSource(source);
      versionHash.update(`${source.id}:${image.sha256}\n`);
      const weights = withWeights
        ? quantizeWeightMap(
            computeBorderWeightMap(image.labels, image.width, image.height, {
              ...weightSettings,
              classes: image.classes,
            }),
            { scale: WEIGHT_SCALE },
          )
        : null;
      for (const rect of grid) {
        const file = formatTileName(source.id, rect);
        const rgb = extractTile(image.rgb, rect);
        const one = (data: Uint8Array | Uint16Array) => ({
          data,
          width: image.width,
          height: image.height,
          channels: 1,
        });
        const classes = extractTile(one(image.classes), rect).data as Uint8Array;
        const labels = extractTile(one(image.labels), rect).data as Uint16Array;
        const dir = join(staging, part);
        const writes: Promise<unknown>[] = [
          sharp(rgb.data, { raw: { width: rect.width, height: rect.height, channels: 3 } })
            .png({ compressionLevel: 6 })
            .toFile(join(dir, "images", file)),
          writeFile(join(dir, "masks", file), encodeGrayPng(classes, rect.width, rect.height)),
          writeFile(join(dir, "labels", file), encodeGrayPng(labels, rect.width, rect.height)),
        ];
        if (weights) {
          const tileWeights = extractTile(one(weights), rect).data as Uint16Array;
          writes.push(
            writeFile(
              join(dir, "weights", file),
              encodeGrayPng(tileWeights, rect.width, rect.height),
            ),
          );
        }
        const imageId = coco[part].images.length + 1;
        coco[part].images.push({
          id: imageId,
          file_name: `${part}/images/${file}`,
          width: rect.width,
          height: rect.height,
          source: source.id,
          x: rect.x,
          y: rect.y,
          mpp: source.metadata.mpp,
        });
        const annotations = buildCocoAnnotations(labels, {
          width: rect.width,
          height: rect.height,
          imageId,
          firstId: coco[part].annotations.length + 1,
        });
        coco[part].annotations.push(...annotations);
        await Promise.all(writes);
        tiles[part].push({
          file,
          source: source.id,
          ...rect,
          mpp: source.metadata.mpp,
          fibers: countDistinct(labels),
        });
        done++;
        options.onProgress?.({ done, total: totalTiles, stage: "tiles", source: source.id });
      }
      manifestSources.push(describeSource(source, image, part, grid.length));
    }

    const mpps = sources.map((s) => s.metadata.mpp);
    const parameters = {
      tileSize,
      overlap,
      valFraction,
      seed,
      weights: withWeights ? weightSettings : null,
    };
    versionHash.update(
      JSON.stringify({ formatVersion: TRAINING_EXPORT_FORMAT_VERSION, ...parameters }),
    );
    const presets = [
      ...new Set(sources.map((s) => s.metadata.preset).filter((p): p is string => !!p)),
    ].sort();
    const manifest: TrainingExportManifest = {
      format: "myoscope-training-export",
      formatVersion: TRAINING_EXPORT_FORMAT_VERSION,
      datasetVersion: versionHash.digest("hex").slice(0, 16),
      createdAt: new Date().toISOString(),
      seed,
      presets,
      classes: ["background", "fiber", "boundary"],
      tile: { size: tileSize, overlap },
      valFraction,
      mpp: {
        mean: mpps.reduce((a, b) => a + b, 0) / mpps.length,
        min: Math.min(...mpps),
        max: Math.max(...mpps),
      },
      weights: withWeights
        ? {
            encoding: "png16",
            scale: WEIGHT_SCALE,
            reference:
              "w = w_c + w0·exp(−(d1+d2)²/(2σ²)), Ronneberger et al. 2015; parameters of Mill et al. 2025 (SYNTA)",
            ...weightSettings,
          }
        : null,
      files: {
        images: "{split}/images/{file}: RGB 8-bit PNG",
        masks: "{split}/masks/{file}: 8-bit PNG, 0 background, 1 fiber, 2 boundary",
        labels: "{split}/labels/{file}: 16-bit PNG instance labels, 0 = not fiber",
        ...(withWeights
          ? { weights: `{split}/weights/{file}: 16-bit PNG, weight = value / ${WEIGHT_SCALE}` }
          : {}),
        coco: "coco_{split}.json: COCO instance polygons (pixel-corner coordinates) of the same tiles",
      },
      sources: manifestSources,
      tiles,
    };
    for (const part of SPLITS) {
      const cocoFile = {
        info: {
          description: `myoscope training export ${manifest.datasetVersion} (${part})`,
          version: manifest.datasetVersion,
          date_created: manifest.createdAt,
        },
        licenses: [],
        categories: [COCO_FIBER_CATEGORY],
        images: coco[part].images,
        annotations: coco[part].annotations,
      };
      await writeFile(join(staging, `coco_${part}.json`), JSON.stringify(cocoFile));
    }
    await writeFile(join(staging, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(out, { recursive: true, force: true });
    await rename(staging, out);
    if (options.zip) {
      await writeZip(out, `${out}.zip`, {
        prefix: basename(out),
        onProgress: (zipped, total) => options.onProgress?.({ done: zipped, total, stage: "zip" }),
      });
    }
    return manifest;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

function describeSource(
  source: TrainingSourceFiles,
  image: { width: number; height: number; sha256: string },
  split: Split,
  tiles: number,
): TrainingExportSource {
  const { mpp, seed, preset, fiberCount } = source.metadata;
  return {
    id: source.id,
    dir: source.dir,
    name: source.name,
    width: image.width,
    height: image.height,
    mpp,
    seed: seed ?? null,
    preset: preset ?? null,
    fiberCount: fiberCount ?? null,
    split,
    tiles,
    sha256: image.sha256,
  };
}
