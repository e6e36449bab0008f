/**
 * @module segmentation/write-segmentation-outputs
 * The three files `myoscope segment` writes per image: `<base>.labels.png` (16-bit
 * "post processed" instance labels at the input's resolution), `<base>.fibers.csv`
 * (one row per fiber, `formatFibersCsv` columns plus the mask memberships) and
 * `<base>.summary.json` (counts, parameters, model, timings).
 *
 * Everything is encoded before anything is written, each file goes through a
 * temporary sibling and a rename, and a failure removes the temporaries, so a failed
 * image leaves no file under a final name.
 */
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { formatFibersCsv } from "@myoscope/core/features/format-fibers-csv";
import type { SectionRegionsResult } from "@myoscope/core/postprocess/assign-section-regions";
import type { PostprocessedFiber } from "@myoscope/core/postprocess/postprocess-segmentation";
import { encodeGrayPng } from "../synthesis/encode-gray-png.ts";
import type { SegmentationModel } from "./load-segmentation-model.ts";
import type { SegmentImageResult } from "./segment-image.ts";

export interface SegmentationOutputPaths {
  labels: string;
  fibers: string;
  summary: string;
}

export interface WriteSegmentationOutputsOptions {
  outDir: string;
  /** File name stem: `<baseName>.labels.png` etc. */
  baseName: string;
  /** Path of the source image, recorded in the summary. */
  imagePath: string;
  model: SegmentationModel;
  /**
   * Regions, ROIs and exclusions applied (`myoscope segment --regions`): adds the CSV
   * columns `region,roi,in_exclusion` and `regions` to the summary.
   */
  regions?: SectionRegionsResult;
}

const MAX_16_BIT_LABEL = 65_535;

/**
 * `formatFibersCsv`'s columns with `mean_od_h,mean_od_e` (empty where unmeasured), plus
 * whether each fiber is in the Segmentation and Shape Filter masks.
 */
export function formatSegmentedFibersCsv(
  fibers: readonly PostprocessedFiber[],
  regions?: SectionRegionsResult,
): string {
  const lines = formatFibersCsv(fibers, { withOpticalDensity: true }).split("\n");
  const header = `${lines[0]},in_muscle_mask,passes_shape_filter`;
  const out = [regions ? `${header},region,roi,in_exclusion` : header];
  fibers.forEach((fiber, i) => {
    let line = `${lines[i + 1]},${fiber.isInMuscleMask},${fiber.passesShapeFilter}`;
    if (regions) {
      const assigned = regions.fibers[i];
      line += `,${quoteCsv(assigned?.regionName ?? "")},${quoteCsv(assigned?.roiId ?? "")},${assigned?.inExclusion === true}`;
    }
    out.push(line);
  });
  return `${out.join("\n")}\n`;
}

/** RFC 4180: names with commas, quotes or line breaks go in double quotes. */
function quoteCsv(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The 16-bit label image; refuses more fibers than 16 bits can number. */
export function encodeLabelsPng(
  labels: Int32Array,
  width: number,
  height: number,
  count: number,
): Buffer {
  if (count > MAX_16_BIT_LABEL) {
    throw new RangeError(
      `${count} fibers do not fit a 16-bit label image (at most ${MAX_16_BIT_LABEL}); segment the section in parts`,
    );
  }
  return encodeGrayPng(Uint16Array.from(labels), width, height, { level: 3 });
}

/** An 8-bit mask PNG, 255 where `mask` is non-zero (muscle.png, connective.png). */
export function encodeMaskPng(mask: Uint8Array, width: number, height: number): Buffer {
  const bytes = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) bytes[i] = mask[i] === 0 ? 0 : 255;
  return encodeGrayPng(bytes, width, height, { level: 3 });
}

/** What the summary reads from a whole-image or tiled segmentation result. */
export type SegmentationSummaryInput = Pick<
  SegmentImageResult,
  "width" | "height" | "mpp" | "inference" | "timings"
> & { postprocess: Pick<SegmentImageResult["postprocess"], "params" | "summary"> };

/** The summary document: what was run, with which parameters, what came out, how long it took. */
export function buildSegmentationSummary(
  result: SegmentationSummaryInput,
  options: Omit<WriteSegmentationOutputsOptions, "outDir" | "baseName">,
): Record<string, unknown> {
  const { model, imagePath } = options;
  const { postprocess, inference } = result;
  const { counts } = postprocess.summary;
  return {
    image: { path: imagePath, width: result.width, height: result.height, mpp: result.mpp },
    counts: {
      fibers: counts.postProcessed,
      segmentation: counts.segmentation,
      shapeFilter: counts.shapeFilter,
    },
    model: {
      path: model.path,
      sha256: model.sha256,
      executionProvider: model.executionProvider,
      threads: model.threads,
      mpp: model.metadata.mpp,
      classes: model.metadata.classes,
      metadata: model.metadata.props,
    },
    inference: {
      modelWidth: inference.modelWidth,
      modelHeight: inference.modelHeight,
      tileSize: inference.tileSize,
      tileOverlap: inference.tileOverlap,
      tileCount: inference.tileCount,
    },
    postprocess: { params: postprocess.params, summary: postprocess.summary },
    timingsMs: {
      decode: Math.round(inference.timings.decodeMs),
      modelRun: Math.round(inference.timings.inferenceMs),
      inference: Math.round(result.timings.inferenceMs),
      postprocess: Math.round(result.timings.postprocessMs),
      total: Math.round(result.timings.totalMs),
    },
    createdAt: new Date().toISOString(),
  };
}

/** Encodes and writes the three files; returns their paths. */
export async function writeSegmentationOutputs(
  result: SegmentImageResult,
  options: WriteSegmentationOutputsOptions,
): Promise<SegmentationOutputPaths> {
  const { outDir, baseName } = options;
  const paths: SegmentationOutputPaths = {
    labels: join(outDir, `${baseName}.labels.png`),
    fibers: join(outDir, `${baseName}.fibers.csv`),
    summary: join(outDir, `${baseName}.summary.json`),
  };
  const { postprocess, width, height } = result;
  const contents: [string, Uint8Array | string][] = [
    [paths.labels, encodeLabelsPng(postprocess.labels, width, height, postprocess.fibers.length)],
    [paths.fibers, formatSegmentedFibersCsv(postprocess.fibers, options.regions)],
    [
      paths.summary,
      `${JSON.stringify(
        {
          ...buildSegmentationSummary(result, options),
          ...(options.regions && {
            regions: options.regions.regions,
            excludedAreaUm2: options.regions.excludedAreaUm2,
          }),
        },
        null,
        2,
      )}\n`,
    ],
  ];
  const suffix = randomBytes(6).toString("hex");
  const temporaries = contents.map(([path]) => `${path}.${suffix}.tmp`);
  try {
    await Promise.all(contents.map(([, data], i) => writeFile(temporaries[i] as string, data)));
    for (const [i, [path]] of contents.entries()) await rename(temporaries[i] as string, path);
  } catch (error) {
    await Promise.all(temporaries.map((path) => rm(path, { force: true })));
    throw error;
  }
  return paths;
}
