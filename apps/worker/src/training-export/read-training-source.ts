/**
 * @module training-export/read-training-source
 * Finds and decodes the source images of a training export: the files that
 * `myoscope synth` writes per image, `<name>.png` (RGB), `<name>.labels.png`
 * (16-bit instance labels), `<name>.classes.png` (0/1/2) and `<name>.json`
 * (at least `mpp`). Only names with all four files count, so a run's
 * `dataset.json` and half-written images are skipped.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import type { Raster } from "@myoscope/core/training-export/extract-tile";
import { decode } from "fast-png";
import sharp from "sharp";
import { z } from "zod";

const sourceMetadataSchema = z.looseObject({
  mpp: z.number().positive().finite(),
  seed: z.number().optional(),
  preset: z.string().optional(),
  fiberCount: z.number().optional(),
});

export type TrainingSourceMetadata = z.infer<typeof sourceMetadataSchema>;

export interface TrainingSourceFiles {
  /** Unique among the export's sources; the file name stem, prefixed by its folder on a clash. */
  id: string;
  dir: string;
  name: string;
  metadata: TrainingSourceMetadata;
}

export interface TrainingSourceImage {
  rgb: Raster<Uint8Array>;
  labels: Uint16Array;
  classes: Uint8Array;
  width: number;
  height: number;
  /** sha256 of the four files, for the dataset version. */
  sha256: string;
}

const SUFFIXES = { image: ".png", labels: ".labels.png", classes: ".classes.png" } as const;

function sourcePath(source: TrainingSourceFiles, suffix: string): string {
  return join(source.dir, `${source.name}${suffix}`);
}

/** Every complete source image in the folders, sorted by folder then name. */
export async function findTrainingSources(dirs: readonly string[]): Promise<TrainingSourceFiles[]> {
  const found: TrainingSourceFiles[] = [];
  for (const dir of dirs.map((d) => resolve(d))) {
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch (error) {
      throw new Error(`cannot read source folder ${dir}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const files = new Set(entries);
    for (const entry of entries.sort()) {
      if (!entry.endsWith(".json")) continue;
      const name = entry.slice(0, -".json".length);
      const isComplete = Object.values(SUFFIXES).every((suffix) => files.has(`${name}${suffix}`));
      if (!isComplete) continue;
      const text = await readFile(join(dir, entry), "utf8");
      const parsed = sourceMetadataSchema.safeParse(JSON.parse(text));
      if (!parsed.success) {
        throw new Error(
          `${join(dir, entry)}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
        );
      }
      found.push({ id: name, dir, name, metadata: parsed.data });
    }
  }
  const counts = new Map<string, number>();
  for (const source of found) counts.set(source.name, (counts.get(source.name) ?? 0) + 1);
  const used = new Set<string>();
  for (const source of found) {
    let id =
      (counts.get(source.name) ?? 0) > 1 ? `${basename(source.dir)}-${source.name}` : source.name;
    for (let k = 2; used.has(id); k++) id = `${basename(source.dir)}-${source.name}-${k}`;
    used.add(id);
    source.id = id;
  }
  return found;
}

/** Width and height from the RGB file's header, without decoding it. */
export async function readTrainingSourceSize(
  source: TrainingSourceFiles,
): Promise<{ width: number; height: number }> {
  const { width, height } = await sharp(sourcePath(source, SUFFIXES.image)).metadata();
  if (!width || !height) throw new Error(`${sourcePath(source, SUFFIXES.image)} has no dimensions`);
  return { width, height };
}

function decodeLabels(
  bytes: Buffer,
  path: string,
): { data: Uint16Array; width: number; height: number } {
  const png = decode(bytes);
  if (png.channels !== 1 || (png.depth !== 16 && png.depth !== 8)) {
    throw new Error(
      `${path} must be a 1-channel 8/16-bit PNG, got ${png.channels} channels of ${png.depth} bits`,
    );
  }
  const data =
    png.data instanceof Uint16Array ? png.data : Uint16Array.from(png.data as ArrayLike<number>);
  return { data, width: png.width, height: png.height };
}

/** Decodes the three images and checks that they agree. */
export async function readTrainingSource(
  source: TrainingSourceFiles,
): Promise<TrainingSourceImage> {
  const paths = Object.values(SUFFIXES).map((suffix) => sourcePath(source, suffix));
  const [imageBytes, labelBytes, classBytes, jsonBytes] = await Promise.all(
    [...paths, join(source.dir, `${source.name}.json`)].map((path) => readFile(path)),
  );
  const hash = createHash("sha256");
  for (const bytes of [imageBytes, labelBytes, classBytes, jsonBytes]) hash.update(bytes as Buffer);

  const rgb = await sharp(imageBytes)
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = rgb.info;
  if (rgb.info.channels !== 3)
    throw new Error(`${paths[0]} must decode to RGB, got ${rgb.info.channels} channels`);
  const labels = decodeLabels(labelBytes as Buffer, paths[1] as string);
  // The mask is read through sharp, which also accepts a grey value stored as RGB; channel 0 is the class.
  const classRaw = await sharp(classBytes).raw().toBuffer({ resolveWithObject: true });
  for (const [path, size] of [
    [paths[1], labels],
    [paths[2], classRaw.info],
  ] as const) {
    if (size.width !== width || size.height !== height) {
      throw new Error(
        `${path} is ${size.width}×${size.height}, but the image is ${width}×${height}`,
      );
    }
  }
  const classes = new Uint8Array(width * height);
  const stride = classRaw.info.channels;
  for (let i = 0; i < classes.length; i++) {
    const value = classRaw.data[i * stride] as number;
    if (value > 2)
      throw new Error(`${paths[2]} must hold classes 0, 1, 2, got ${value} at pixel ${i}`);
    classes[i] = value;
  }
  return {
    rgb: {
      data: new Uint8Array(rgb.data.buffer, rgb.data.byteOffset, rgb.data.length),
      width,
      height,
      channels: 3,
    },
    labels: labels.data,
    classes,
    width,
    height,
    sha256: hash.digest("hex"),
  };
}
