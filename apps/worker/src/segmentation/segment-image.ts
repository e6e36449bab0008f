/**
 * @module segmentation/segment-image
 * One image through the whole pipeline: tiled inference → the paper's
 * post-processing (`@myoscope/core/postprocess/postprocess-segmentation`, which
 * measures every fiber with `measureFibers`, ImageJ's definitions) → labels,
 * masks and per-fiber features at the input's resolution.
 *
 * Memory: inference streams (see `run-tiled-inference`), but post-processing works
 * on whole arrays at the input's resolution (labels, masks and local thickness,
 * roughly 30 bytes per pixel), so this function refuses images above `maxPixels`.
 *
 * Mean H and E optical density per fiber is measured on the input image at its own
 * resolution (the label grid: labels are at the input's resolution), flattened on
 * white to 8-bit sRGB, decoded again after inference and read in row strips
 * (`@myoscope/core/stain/sum-label-optical-density`).
 */
import {
  type PostprocessResult,
  postprocessSegmentation,
} from "@myoscope/core/postprocess/postprocess-segmentation";
import type { TiledPostprocessStep } from "@myoscope/core/postprocess/postprocess-segmentation-tiled";
import {
  addLabelOpticalDensity,
  createLabelOpticalDensitySums,
  meanLabelOpticalDensity,
} from "@myoscope/core/stain/sum-label-optical-density";
import type { SegmentationModel } from "./load-segmentation-model.ts";
import {
  type ImageInput,
  openResampledImage,
  type RgbRowSource,
  readImageSize,
} from "./open-resampled-image.ts";
import {
  collectProbabilityMaps,
  type RunTiledInferenceOptions,
  type TiledInferenceProgress,
  type TiledInferenceSummary,
} from "./run-tiled-inference.ts";
import { SegmentationInputError } from "./segmentation-errors.ts";

export type SegmentImageProgress =
  | ({ phase: "inference" } & TiledInferenceProgress)
  | {
      phase: "postprocess";
      /** Tiled post-processing only: its step and how far it is. */
      step?: TiledPostprocessStep;
      done?: number;
      total?: number;
    };

export interface SegmentImageOptions
  extends Omit<RunTiledInferenceOptions, "resolution" | "onProgress"> {
  /** Post-processing parameters (any subset; the rest are the paper's defaults). */
  postprocessParams?: unknown;
  /**
   * Largest image (pixels) accepted; post-processing holds ~30 bytes per pixel.
   * @default WHOLE_IMAGE_MAX_PIXELS
   */
  maxPixels?: number;
  /**
   * Trace each fiber's outer outline (`contour`), as stored with a run.
   * @default false
   */
  withContours?: boolean;
  onProgress?: (progress: SegmentImageProgress) => void;
}

/**
 * Largest image post-processed whole (~30 bytes per pixel, 7.5 GB here); larger ones go
 * through `segmentImageTiled`.
 */
export const WHOLE_IMAGE_MAX_PIXELS = 256 * 1024 * 1024;

/** Rows of RGB decoded at a time for the optical density (3 bytes per pixel). */
const OD_STRIP_ROWS = 256;

/** Sets each fiber's mean H and E optical density from the image at the labels' resolution. */
async function measureOpticalDensity(
  opening: Promise<RgbRowSource>,
  postprocess: PostprocessResult,
  width: number,
  height: number,
): Promise<void> {
  const { labels, fibers } = postprocess;
  const rgb = await opening;
  if (fibers.length === 0) {
    await rgb.close();
    return;
  }
  const sums = createLabelOpticalDensitySums(fibers.length);
  try {
    for (let top = 0; top < height; top += OD_STRIP_ROWS) {
      const rows = Math.min(OD_STRIP_ROWS, height - top);
      const strip = await rgb.readRows(top, rows);
      addLabelOpticalDensity(sums, labels.subarray(top * width, (top + rows) * width), strip);
    }
  } finally {
    await rgb.close();
  }
  for (const fiber of fibers) {
    const mean = meanLabelOpticalDensity(sums, fiber.label);
    if (!mean) continue;
    fiber.meanHematoxylinOd = mean.hematoxylin;
    fiber.meanEosinOd = mean.eosin;
  }
}

export interface SegmentImageResult {
  width: number;
  height: number;
  /** Pixel size of the image and of every output, µm/px. */
  mpp: number;
  /** Fiber probability ×255 at the input's resolution. */
  fiberProb: Uint8Array;
  /** Boundary probability ×255 at the input's resolution. */
  boundaryProb: Uint8Array;
  /** Labels, masks, fibers (with features) and summary of the post-processing. */
  postprocess: PostprocessResult;
  inference: TiledInferenceSummary;
  timings: { inferenceMs: number; postprocessMs: number; totalMs: number };
}

/**
 * Segments one image with `model`.
 * @throws SegmentationInputError for unreadable or oversized images and implausible pixel sizes.
 */
export async function segmentImage(
  model: SegmentationModel,
  input: ImageInput,
  options: SegmentImageOptions,
): Promise<SegmentImageResult> {
  const started = performance.now();
  const {
    postprocessParams = {},
    maxPixels = WHOLE_IMAGE_MAX_PIXELS,
    withContours = false,
    onProgress,
    ...rest
  } = options;
  const { width, height } = await readImageSize(input);
  if (width * height > maxPixels) {
    throw new SegmentationInputError(
      `image is ${width}×${height} = ${width * height} px, over the ${maxPixels}-px limit of whole-image post-processing (segmentImageTiled has none)`,
    );
  }
  const maps = await collectProbabilityMaps(model, input, {
    ...rest,
    resolution: "input",
    onProgress: (progress) => onProgress?.({ phase: "inference", ...progress }),
  });
  const inferenceMs = performance.now() - started;
  onProgress?.({ phase: "postprocess" });
  const postprocessStarted = performance.now();
  // The input's decode for the optical density starts now, on libuv's threads, and runs
  // beside the (synchronous) post-processing instead of after it.
  const opening = openResampledImage(input, width, height, { sourceSize: { width, height } });
  // Rejections are awaited in measureOpticalDensity; this only keeps them from being unhandled.
  opening.catch(() => {});
  let postprocess: PostprocessResult;
  try {
    postprocess = postprocessSegmentation(
      {
        fiberProb: maps.fiber,
        boundaryProb: maps.boundary,
        width,
        height,
        mpp: options.imageMpp,
      },
      postprocessParams,
      { withContours },
    );
  } catch (error) {
    // A temporary file may back the decode: release it before giving up.
    await opening.then((rgb) => rgb.close()).catch(() => {});
    throw error;
  }
  await measureOpticalDensity(opening, postprocess, width, height);
  const postprocessMs = performance.now() - postprocessStarted;
  const { fiber, boundary, ...inference } = maps;
  return {
    width,
    height,
    mpp: options.imageMpp,
    fiberProb: fiber,
    boundaryProb: boundary,
    postprocess,
    inference,
    timings: { inferenceMs, postprocessMs, totalMs: performance.now() - started },
  };
}
