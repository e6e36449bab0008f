/**
 * @module jobs/segmentation-run
 * Segments a section with the run's model and parameters, stores its masks,
 * applies the section's region, ROI and exclusion annotations, and commits its
 * fibers, summary and fiber summaries with the run's `succeeded` status in one
 * transaction (replacing any earlier results of the run).
 */
import { assignSectionRegions } from "@myoscope/core/postprocess/assign-section-regions";
import { refreshFiberSummaries } from "@myoscope/db/fiber-summaries";
import { toFiberRecord } from "@myoscope/db/fibers";
import { loadSectionShapes } from "@myoscope/db/section-annotation-shapes";
import {
  findSegmentationRunRecipe,
  saveSegmentationRunResults,
  setSegmentationRunStatus,
} from "@myoscope/db/segmentation-runs";
import type { JobPayload } from "@myoscope/jobs/define-job";
import type { segmentationRunJob } from "@myoscope/jobs/definitions/segmentation-run";
import { getSegmentationFileKey } from "@myoscope/storage/segmentation-keys";
import {
  loadSegmentationModel,
  type SegmentationModel,
} from "../segmentation/load-segmentation-model.ts";
import { readImageSize } from "../segmentation/open-resampled-image.ts";
import { openSegmentationInput } from "../segmentation/open-segmentation-input.ts";
import {
  renderOutlineOverlay,
  renderThicknessMap,
} from "../segmentation/render-segmentation-overlays.ts";
import {
  type SegmentImageProgress,
  segmentImage,
  WHOLE_IMAGE_MAX_PIXELS,
} from "../segmentation/segment-image.ts";
import {
  SegmentationInputError,
  SegmentationModelError,
} from "../segmentation/segmentation-errors.ts";
import {
  buildSegmentationSummary,
  encodeLabelsPng,
  encodeMaskPng,
} from "../segmentation/write-segmentation-outputs.ts";
import { type JobContext, PermanentJobError } from "./job-context.ts";
import { pickRegionFields } from "./pick-region-fields.ts";
import { segmentAndStoreTiled } from "./segment-and-store-tiled.ts";

export interface SegmentationRunOptions {
  /** ONNX Runtime threads (its default otherwise). */
  threads?: number;
  /**
   * Sections larger than this (pixels) are post-processed in tiles (`segmentAndStoreTiled`).
   * @default WHOLE_IMAGE_MAX_PIXELS
   */
  wholeImageMaxPixels?: number;
}

export async function handleSegmentationRun(
  ctx: JobContext<JobPayload<typeof segmentationRunJob>>,
  options: SegmentationRunOptions = {},
): Promise<void> {
  const run = await findSegmentationRunRecipe(ctx.db, ctx.payload.runId);
  if (!run) throw new PermanentJobError(`segmentation run ${ctx.payload.runId} no longer exists`);
  // A re-run of a succeeded run shows its earlier results until the new ones commit.
  if (run.status !== "succeeded") {
    await setSegmentationRunStatus(ctx.db, { runId: run.id, status: "running" });
  }
  try {
    await segmentRun(ctx, run, options);
  } catch (error) {
    // Retrying cannot help, so the run itself is over; transient failures keep it
    // `running` while pg-boss retries (the job row tells retrying from failed).
    // A run that had succeeded before keeps its earlier results.
    if (error instanceof PermanentJobError && run.status !== "succeeded") {
      await setSegmentationRunStatus(ctx.db, { runId: run.id, status: "failed" });
    }
    throw error;
  }
}

export type RunRecipe = NonNullable<Awaited<ReturnType<typeof findSegmentationRunRecipe>>>;

/** What a segmentation leaves to commit: fiber rows and the run's summary. */
export interface StoredSegmentation {
  fibers: ReturnType<typeof toFiberRecord>[];
  summary: Record<string, unknown>;
  labelsKey: string;
}

async function segmentRun(
  ctx: JobContext<JobPayload<typeof segmentationRunJob>>,
  run: RunRecipe,
  options: SegmentationRunOptions,
): Promise<void> {
  await ctx.progress(2, "loading model");
  const modelPath = await ctx.storage.localPath(run.model.storageKey);
  const imagePath = await ctx.storage.localPath(run.section.storageKey);
  let model: Awaited<ReturnType<typeof loadSegmentationModel>>;
  try {
    model = await loadSegmentationModel(
      modelPath,
      options.threads ? { threads: options.threads } : {},
    );
  } catch (error) {
    // The problems, not the message: it names the model's path inside storage.
    if (error instanceof SegmentationModelError) {
      throw new PermanentJobError(
        `the segmentation model cannot be used: ${error.problems.join("; ")}`,
      );
    }
    throw error;
  }
  try {
    let lastReport = 0;
    // Progress is reported without awaiting (inference is synchronous per tile);
    // a cancellation it notices is rethrown once inference returns.
    let progressError: unknown;
    const report = (percent: number, message: string) => {
      ctx.progress(percent, message).catch((error: unknown) => {
        progressError ??= error;
      });
    };
    const onProgress = (progress: SegmentImageProgress) => {
      const now = Date.now();
      if (now - lastReport < 500) return;
      lastReport = now;
      if (progress.phase === "inference") {
        const percent = 5 + Math.round((progress.tilesDone / progress.tilesTotal) * 70);
        report(percent, `inference: tile ${progress.tilesDone} of ${progress.tilesTotal}`);
      } else if (progress.step && progress.total) {
        // Tiled post-processing: fibers take about half its time, bands most of the rest.
        const start = { fibers: 76, muscle: 80, bands: 81 }[progress.step];
        const span = { fibers: 4, muscle: 1, bands: 3 }[progress.step];
        const percent = start + Math.round((span * (progress.done ?? 0)) / progress.total);
        report(percent, `post-processing: ${progress.step} ${progress.done} of ${progress.total}`);
      } else {
        report(78, "post-processing and features");
      }
    };
    // Temporary decodes of vendor slides, named in messages as the section itself.
    const decodedPaths: string[] = [];
    const toPermanent = (error: unknown): never => {
      if (error instanceof SegmentationInputError) {
        // Users see this message; the storage directory is none of their business.
        throw new PermanentJobError(
          decodedPaths
            .reduce((message, path) => message.replaceAll(path, imagePath), error.message)
            .replaceAll(imagePath, `of section "${run.section.name}"`),
        );
      }
      throw error;
    };
    // Vendor slides (SVS with JPEG 2000, NDPI, …) are decoded at level 0 by Debian's vips first.
    const source = await openSegmentationInput(imagePath).catch(toPermanent);
    if (source.isDecodedSlide) decodedPaths.push(source.input as string);
    let stored: StoredSegmentation;
    try {
      const input = source.input as string;
      const { width, height } = await readImageSize(input).catch(toPermanent);
      const limit = options.wholeImageMaxPixels ?? WHOLE_IMAGE_MAX_PIXELS;
      const segment = width * height > limit ? segmentAndStoreTiled : segmentAndStoreWhole;
      stored = await segment(ctx, run, {
        model,
        imagePath: input,
        onProgress,
        wholeImageMaxPixels: limit,
      }).catch(toPermanent);
    } finally {
      await source.close();
    }
    if (progressError) throw progressError;

    await ctx.progress(92, "saving fibers");
    await ctx.failpoint("segmentation.run.before-commit");
    await ctx.commit(async (tx) => {
      const { fiberCount } = await saveSegmentationRunResults(tx, {
        runId: run.id,
        projectId: run.projectId,
        sectionId: run.sectionId,
        fibers: stored.fibers,
        summary: stored.summary as never,
        labelsKey: stored.labelsKey,
      });
      await refreshFiberSummaries(tx, { runId: run.id });
      return { fibers: fiberCount };
    }, `${stored.fibers.length} fibers`);
  } finally {
    await model.release();
  }
}

export interface SegmentAndStoreInput {
  model: SegmentationModel;
  imagePath: string;
  onProgress: (progress: SegmentImageProgress) => void;
  /** The largest section post-processed whole (the worker's setting). */
  wholeImageMaxPixels: number;
}

/** Whole-image post-processing: every mask in memory at the section's resolution. */
async function segmentAndStoreWhole(
  ctx: JobContext<JobPayload<typeof segmentationRunJob>>,
  run: RunRecipe,
  { model, imagePath, onProgress, wholeImageMaxPixels }: SegmentAndStoreInput,
): Promise<StoredSegmentation> {
  const result = await segmentImage(model, imagePath, {
    imageMpp: run.section.pixelSizeUm,
    maxPixels: wholeImageMaxPixels,
    postprocessParams: run.params,
    withContours: true,
    onProgress,
  });
  await ctx.progress(85, "storing masks");
  const { postprocess, width, height } = result;
  const labelsKey = getSegmentationFileKey(run, "labels");
  await ctx.storage.put(
    labelsKey,
    encodeLabelsPng(postprocess.labels, width, height, postprocess.fibers.length),
  );
  await ctx.storage.put(
    getSegmentationFileKey(run, "overlay"),
    await renderOutlineOverlay(imagePath, postprocess, width, height),
  );
  const connective = postprocess.connectiveTissue.segmentation;
  await ctx.storage.put(
    getSegmentationFileKey(run, "muscle"),
    encodeMaskPng(connective.muscleMask, width, height),
  );
  await ctx.storage.put(
    getSegmentationFileKey(run, "connective"),
    encodeMaskPng(connective.mask, width, height),
  );
  if (postprocess.localThicknessUm) {
    // Twice the mean keeps the ramp readable when a few wide septa dominate the maximum.
    const rampMaxUm = 2 * (postprocess.summary.localThickness?.meanUm ?? 10) || 20;
    await ctx.storage.put(
      getSegmentationFileKey(run, "thickness"),
      await renderThicknessMap(postprocess.localThicknessUm, width, height, rampMaxUm),
    );
  }
  await ctx.progress(88, "applying regions and exclusions");
  const shapes = await loadSectionShapes(ctx.db, run);
  const regions = assignSectionRegions(
    {
      width,
      height,
      mpp: result.mpp,
      labels: postprocess.labels,
      muscleMask: connective.muscleMask,
      connectiveMask: connective.mask,
      fibers: postprocess.fibers,
      shapes,
    },
    {
      localThicknessUm: postprocess.localThicknessUm,
      withThickness: postprocess.params.localThickness.isEnabled,
    },
  );
  return {
    fibers: postprocess.fibers.map((fiber, i) => ({
      ...toFiberRecord(fiber),
      ...pickRegionFields(regions.fibers[i]),
    })),
    summary: {
      ...buildSegmentationSummary(result, { model, imagePath: run.section.storageKey }),
      regions: regions.regions,
      excludedAreaUm2: regions.excludedAreaUm2,
    },
    labelsKey,
  };
}
