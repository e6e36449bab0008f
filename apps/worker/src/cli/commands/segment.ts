import { existsSync, statSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, extname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseAnnotationsGeoJson } from "@myoscope/core/annotations/annotations-geojson";
import { isAppError } from "@myoscope/core/errors/app-error";
import { readPolygonRings } from "@myoscope/core/geometry/polygon-rings";
import {
  assignSectionRegions,
  type SectionRegionsResult,
  type SectionShapes,
} from "@myoscope/core/postprocess/assign-section-regions";
import { formatProgressBar } from "@myoscope/core/text/format-progress-bar";
import { DEFAULT_MODEL_PATH } from "../../segmentation/default-model-path.ts";
import {
  type ExecutionProviderName,
  loadSegmentationModel,
} from "../../segmentation/load-segmentation-model.ts";
import { readImageSize } from "../../segmentation/open-resampled-image.ts";
import {
  openSegmentationInput,
  type SegmentationInput,
} from "../../segmentation/open-segmentation-input.ts";
import {
  type SegmentImageProgress,
  type SegmentImageResult,
  segmentImage,
  WHOLE_IMAGE_MAX_PIXELS,
} from "../../segmentation/segment-image.ts";
import {
  SegmentationInputError,
  SegmentationModelError,
} from "../../segmentation/segmentation-errors.ts";
import { writeSegmentationOutputs } from "../../segmentation/write-segmentation-outputs.ts";
import { segmentImageToFilesTiled } from "../../segmentation/write-tiled-segmentation-outputs.ts";
import { type CliCommand, CliUsageError } from "../command.ts";

export interface SegmentArgs {
  images: string[];
  mpp: number;
  model: string;
  threads: number;
  out: string;
  device: ExecutionProviderName;
  /** GeoJSON of regions, ROIs and exclusions (level-0 px of every IMAGE), when given. */
  regions?: string;
  /** Post-process in tiles even when the image fits whole-image post-processing. */
  isTiled: boolean;
}

/** `sample_img_02.tif` → `sample_img_02`. */
export function outputBaseName(imagePath: string): string {
  const name = basename(imagePath);
  return name.slice(0, name.length - extname(name).length) || name;
}

/** Parses and checks every argument; nothing is read or written before this succeeds. */
export function parseSegmentArgs(args: string[], defaultModel = DEFAULT_MODEL_PATH): SegmentArgs {
  let values: Record<string, string | undefined>;
  let isTiled = false;
  let positionals: string[];
  try {
    const parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        mpp: { type: "string" },
        model: { type: "string" },
        threads: { type: "string" },
        out: { type: "string" },
        device: { type: "string" },
        regions: { type: "string" },
        tiled: { type: "boolean" },
      },
    });
    positionals = parsed.positionals;
    const { tiled, ...strings } = parsed.values;
    values = strings;
    isTiled = tiled === true;
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (positionals.length === 0) throw new CliUsageError("expected at least one IMAGE");

  const mppText = values.mpp;
  if (mppText === undefined) throw new CliUsageError("--mpp is required (pixel size in µm/px)");
  const mpp = /^\s*[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?\s*$/i.test(mppText)
    ? Number(mppText)
    : Number.NaN;
  if (!Number.isFinite(mpp) || mpp < 0.05 || mpp > 100) {
    throw new CliUsageError(`--mpp must be a pixel size in [0.05, 100] µm/px, got ${mppText}`);
  }

  const threadsText = values.threads;
  const threads = threadsText === undefined ? availableParallelism() : Number(threadsText);
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) {
    throw new CliUsageError(`--threads must be an integer in [1, 1024], got ${threadsText}`);
  }

  const device = values.device ?? "cpu";
  if (device !== "cpu" && device !== "cuda") {
    throw new CliUsageError(`--device must be cpu or cuda, got ${device}`);
  }

  const model = resolve(values.model ?? defaultModel);
  if (!existsSync(model)) {
    throw new CliUsageError(
      values.model === undefined
        ? `no default model at ${model}; pass --model`
        : `--model file not found: ${model}`,
    );
  }

  const out = values.out;
  if (out === undefined || out.trim() === "") throw new CliUsageError("--out is required");
  if (existsSync(out) && !statSync(out).isDirectory()) {
    throw new CliUsageError(`--out must be a directory, got the file ${out}`);
  }

  const regions = values.regions === undefined ? undefined : resolve(values.regions);
  if (regions !== undefined && (!existsSync(regions) || !statSync(regions).isFile())) {
    throw new CliUsageError(`--regions file not found: ${regions}`);
  }

  const images = positionals.map((image) => resolve(image));
  const seen = new Map<string, string>();
  for (const image of images) {
    if (!existsSync(image) || !statSync(image).isFile()) {
      throw new CliUsageError(`image not found: ${image}`);
    }
    const base = outputBaseName(image);
    const clash = seen.get(base);
    if (clash !== undefined) {
      throw new CliUsageError(`${clash} and ${image} would both write ${base}.* in --out`);
    }
    seen.set(base, image);
  }
  return {
    images,
    mpp,
    model,
    threads,
    out: resolve(out),
    device,
    ...(regions !== undefined && { regions }),
    isTiled,
  };
}

type Writable<T> = T extends readonly (infer U)[] ? U[] : never;

/**
 * The regions, ROIs and exclusions of a GeoJSON file (QuPath's or Myoscope's export) for an
 * image of `width`×`height`; ROIs are named by their label, else `#<feature index>`.
 * @throws SegmentationInputError naming the file and the feature that is wrong.
 */
export function readRegionsFile(
  geoJson: unknown,
  path: string,
  size: { width: number; height: number },
): SectionShapes {
  let annotations: ReturnType<typeof parseAnnotationsGeoJson>;
  try {
    annotations = parseAnnotationsGeoJson(geoJson, size);
  } catch (error) {
    if (isAppError(error)) throw new SegmentationInputError(`${path}: ${error.message}`);
    throw error;
  }
  const regions: Writable<SectionShapes["regions"]> = [];
  const rois: Writable<SectionShapes["rois"]> = [];
  const exclusions: Writable<SectionShapes["exclusions"]> = [];
  for (const annotation of annotations) {
    const rings = readPolygonRings(annotation.geometry);
    if (!rings) continue;
    const label = annotation.label.trim();
    if (annotation.kind === "region" && label !== "") regions.push({ name: label, rings });
    else if (annotation.kind === "roi") {
      rois.push({ id: label || `#${annotation.featureIndex}`, rings });
    } else if (annotation.kind === "exclusion") exclusions.push({ rings });
  }
  return { regions, rois, exclusions };
}

/** The regions of a GeoJSON file applied to one image segmented whole. */
export function applyRegionsFile(
  geoJson: unknown,
  path: string,
  result: SegmentImageResult,
): SectionRegionsResult {
  const { width, height, mpp, postprocess } = result;
  const shapes = readRegionsFile(geoJson, path, { width, height });
  const tissue = postprocess.connectiveTissue.segmentation;
  return assignSectionRegions(
    {
      width,
      height,
      mpp,
      labels: postprocess.labels,
      muscleMask: tissue.muscleMask,
      connectiveMask: tissue.mask,
      fibers: postprocess.fibers,
      shapes,
    },
    {
      localThicknessUm: postprocess.localThicknessUm,
      withThickness: postprocess.params.localThickness.isEnabled,
    },
  );
}

/** `[#########---------------]  38%  2/5 sample.tif  tiles 12/32` */
export function formatSegmentProgress(
  index: number,
  total: number,
  name: string,
  progress: SegmentImageProgress,
): string {
  // Inference is ~80 % of an image's time on CPU, post-processing the rest; tiled
  // post-processing spends about 40 % on fibers, 15 % on the muscle mask, 45 % on bands.
  let within = 0.8;
  let detail = "post-processing";
  if (progress.phase === "inference") {
    within = (0.8 * progress.tilesDone) / progress.tilesTotal;
    detail = `tiles ${progress.tilesDone}/${progress.tilesTotal}`;
  } else if (progress.step && progress.total) {
    const [start, span] = { fibers: [0, 0.4], muscle: [0.4, 0.15], bands: [0.55, 0.45] }[
      progress.step
    ] as [number, number];
    within = 0.8 + 0.2 * (start + (span * (progress.done ?? 0)) / progress.total);
    detail = `post-processing ${progress.step} ${progress.done}/${progress.total}`;
  }
  const percent = (100 * (index + within)) / total;
  return `${formatProgressBar(percent)}  ${index + 1}/${total} ${name}  ${detail}`;
}

export const segmentCommand: CliCommand = {
  name: "segment",
  usage:
    "segment IMAGE... --mpp X [--model PATH] [--threads T] [--device cpu|cuda] [--regions FILE.geojson] [--tiled] --out DIR  fibers, labels and features per image (images over 256 MP are post-processed in tiles; --tiled forces it)",
  async run(args) {
    const options = parseSegmentArgs(args);
    // Unreadable images fail before the model loads or anything is written.
    for (const image of options.images) await readImageSize(image);
    let regionsJson: unknown;
    if (options.regions !== undefined) {
      try {
        regionsJson = JSON.parse(await readFile(options.regions, "utf8"));
      } catch (error) {
        throw new CliUsageError(`--regions ${options.regions}: ${(error as Error).message}`);
      }
    }
    const model = await loadSegmentationModel(options.model, {
      threads: options.threads,
      executionProviders: [options.device],
    });
    const isTty = process.stderr.isTTY === true;
    const show = (line: string) => process.stderr.write(isTty ? `\r${line}\x1b[K` : `${line}\n`);
    const failures: string[] = [];
    try {
      await mkdir(options.out, { recursive: true });
      for (const [index, image] of options.images.entries()) {
        const name = basename(image);
        let lastLine = "";
        let source: SegmentationInput | undefined;
        try {
          const onProgress = (progress: SegmentImageProgress) => {
            const line = formatSegmentProgress(index, options.images.length, name, progress);
            // Without a terminal, print only when the bar moves, not every tile.
            if (isTty || line.slice(0, 32) !== lastLine.slice(0, 32)) show(line);
            lastLine = line;
          };
          // Vendor slides (SVS, NDPI, …) are decoded at level 0 by Debian's vips first.
          source = await openSegmentationInput(image);
          const { width, height } = await readImageSize(source.input);
          const isTiled = options.isTiled || width * height > WHOLE_IMAGE_MAX_PIXELS;
          const outputs = {
            outDir: options.out,
            baseName: outputBaseName(image),
            imagePath: image,
          };
          let summary: { counts: { postProcessed: number; shapeFilter: number } };
          let totalMs: number;
          if (isTiled) {
            const { result } = await segmentImageToFilesTiled(model, source.input, {
              ...outputs,
              imageMpp: options.mpp,
              onProgress,
              ...(options.regions !== undefined && {
                shapes: readRegionsFile(regionsJson, options.regions, { width, height }),
              }),
            });
            summary = result.postprocess.summary;
            totalMs = result.timings.totalMs;
          } else {
            const result = await segmentImage(model, source.input, {
              imageMpp: options.mpp,
              onProgress,
            });
            const regions =
              options.regions === undefined
                ? undefined
                : applyRegionsFile(regionsJson, options.regions, result);
            await writeSegmentationOutputs(result, {
              ...outputs,
              model,
              ...(regions && { regions }),
            });
            summary = result.postprocess.summary;
            totalMs = result.timings.totalMs;
          }
          if (isTty) process.stderr.write("\n");
          const { counts } = summary;
          console.log(
            `${name}: ${counts.postProcessed} fibers (${counts.shapeFilter} pass the shape filter), ${width}×${height} px${isTiled ? " post-processed in tiles" : ""} in ${(totalMs / 1000).toFixed(1)} s`,
          );
        } catch (error) {
          if (isTty) process.stderr.write("\n");
          if (
            !(error instanceof SegmentationInputError || error instanceof SegmentationModelError)
          ) {
            throw error;
          }
          failures.push(`${name}: ${error.message}`);
          console.error(`myoscope segment: ${name}: ${error.message}`);
        } finally {
          await source?.close();
        }
      }
    } finally {
      await model.release();
    }
    const done = options.images.length - failures.length;
    if (isTty) show(formatProgressBar(100));
    if (isTty) process.stderr.write("\n");
    console.log(`segmented ${done}/${options.images.length} images into ${options.out}`);
    return failures.length === 0 ? 0 : 1;
  },
};
