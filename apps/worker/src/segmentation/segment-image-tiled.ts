/**
 * @module segmentation/segment-image-tiled
 * `segmentImage` for sections of any size in bounded memory: tiled inference
 * streams the probability maps at the input's resolution into temporary files
 * (`create-probability-store`), the paper's post-processing runs tile by tile
 * and band by band (`@myoscope/core/postprocess/postprocess-segmentation-tiled`,
 * the same fibers and masks as the whole-image one), and the result rows
 * (labels, muscle and connective masks, local thickness) go to `onBand` while
 * each fiber's mean H and E optical density is summed from the same rows of
 * the image.
 *
 * Memory is set by the tile, window and band sizes (a few hundred MB at the
 * defaults), plus the fibers and their pixel runs; disk holds 2 bytes per
 * pixel of the section while it runs.
 */
import {
  type PostprocessBand,
  postprocessSegmentationTiled,
  type TiledPostprocessOptions,
  type TiledPostprocessResult,
} from "@myoscope/core/postprocess/postprocess-segmentation-tiled";
import {
  addLabelOpticalDensity,
  createLabelOpticalDensitySums,
  meanLabelOpticalDensity,
} from "@myoscope/core/stain/sum-label-optical-density";
import { createProbabilityStore } from "./create-probability-store.ts";
import type { SegmentationModel } from "./load-segmentation-model.ts";
import { type ImageInput, openResampledImage, readImageSize } from "./open-resampled-image.ts";
import {
  type RunTiledInferenceOptions,
  runTiledInference,
  type TiledInferenceSummary,
} from "./run-tiled-inference.ts";
import type { SegmentImageProgress } from "./segment-image.ts";

export interface SegmentImageTiledOptions
  extends Omit<RunTiledInferenceOptions, "resolution" | "onProgress"> {
  /** Post-processing parameters (any subset; the rest are the paper's defaults). */
  postprocessParams?: unknown;
  /**
   * Trace each fiber's outer outline (`contour`), as stored with a run.
   * @default false
   */
  withContours?: boolean;
  /** Tile, extent and band sizes of the post-processing (its defaults otherwise). */
  tiling?: Pick<TiledPostprocessOptions, "tileSize" | "maxFiberExtentUm" | "bandPixels">;
  /** Receives the result rows, top to bottom; awaited. */
  onBand?: (band: PostprocessBand) => void | Promise<void>;
  onProgress?: (progress: SegmentImageProgress) => void;
}

export interface SegmentImageTiledResult {
  width: number;
  height: number;
  /** Pixel size of the image and of every output, µm/px. */
  mpp: number;
  postprocess: TiledPostprocessResult;
  inference: TiledInferenceSummary;
  timings: { inferenceMs: number; postprocessMs: number; totalMs: number };
}

/**
 * Segments one image with `model`, in tiles; see the module comment.
 * @throws SegmentationInputError for unreadable images and implausible pixel sizes.
 */
export async function segmentImageTiled(
  model: SegmentationModel,
  input: ImageInput,
  options: SegmentImageTiledOptions,
): Promise<SegmentImageTiledResult> {
  const started = performance.now();
  const {
    postprocessParams = {},
    withContours = false,
    tiling = {},
    onBand,
    onProgress,
    ...rest
  } = options;
  const { width, height } = await readImageSize(input);
  const store = await createProbabilityStore(width, height, options.tempDir);
  try {
    const inference = await runTiledInference(model, input, (rows) => store.appendRows(rows), {
      ...rest,
      resolution: "input",
      onProgress: (progress) => onProgress?.({ phase: "inference", ...progress }),
    });
    const inferenceMs = performance.now() - started;
    onProgress?.({ phase: "postprocess" });
    const postprocessStarted = performance.now();
    const rgb = await openResampledImage(input, width, height, options);
    let sums: ReturnType<typeof createLabelOpticalDensitySums> | undefined;
    let postprocess: TiledPostprocessResult;
    try {
      postprocess = await postprocessSegmentationTiled(
        store.toSource(options.imageMpp),
        postprocessParams,
        {
          ...tiling,
          withContours,
          onProgress: (progress) => onProgress?.({ phase: "postprocess", ...progress }),
          onBand: async (band) => {
            if (band.fiberCount > 0) {
              sums ??= createLabelOpticalDensitySums(band.fiberCount);
              addLabelOpticalDensity(sums, band.labels, await rgb.readRows(band.y, band.rows));
            }
            await onBand?.(band);
          },
        },
      );
    } finally {
      await rgb.close();
    }
    if (sums) {
      for (const fiber of postprocess.fibers) {
        const mean = meanLabelOpticalDensity(sums, fiber.label);
        if (!mean) continue;
        fiber.meanHematoxylinOd = mean.hematoxylin;
        fiber.meanEosinOd = mean.eosin;
      }
    }
    const postprocessMs = performance.now() - postprocessStarted;
    return {
      width,
      height,
      mpp: options.imageMpp,
      postprocess,
      inference,
      timings: { inferenceMs, postprocessMs, totalMs: performance.now() - started },
    };
  } finally {
    await store.dispose();
  }
}
