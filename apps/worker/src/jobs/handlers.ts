/**
 * @module handlers
 * Maps each job definition to its handler.
 */
import type { JobDefinition } from "@myoscope/jobs/define-job";
import { sectionExtractJob } from "@myoscope/jobs/definitions/section-extract";
import { sectionThumbnailJob } from "@myoscope/jobs/definitions/section-thumbnail";
import { segmentationRegionsJob } from "@myoscope/jobs/definitions/segmentation-regions";
import { segmentationRunJob } from "@myoscope/jobs/definitions/segmentation-run";
import { synthesisRunJob } from "@myoscope/jobs/definitions/synthesis-run";
import { trainingExportJob } from "@myoscope/jobs/definitions/training-export";
import type { JobHandler } from "./job-context.ts";
import { handleSectionExtract } from "./section-extract.ts";
import { handleSectionThumbnail } from "./section-thumbnail.ts";
import { handleSegmentationRegions } from "./segmentation-regions.ts";
import { handleSegmentationRun } from "./segmentation-run.ts";
import { handleSynthesisRun } from "./synthesis-run.ts";
import { handleTrainingExport } from "./training-export.ts";

interface Registration {
  definition: JobDefinition;
  handler: JobHandler<unknown>;
}

function register<TPayload>(
  definition: JobDefinition,
  handler: JobHandler<TPayload>,
): Registration {
  return { definition, handler: handler as JobHandler<unknown> };
}

export interface JobHandlerOptions {
  /** Sections above this many pixels are post-processed in tiles (segmentation runs). */
  wholeImageMaxPixels?: number;
}

/** The handler of every job type, configured by the worker's settings. */
export function createJobHandlers(options: JobHandlerOptions = {}): readonly Registration[] {
  return [
    register(sectionThumbnailJob, handleSectionThumbnail),
    register(sectionExtractJob, handleSectionExtract),
    register(synthesisRunJob, (ctx: Parameters<typeof handleSynthesisRun>[0]) =>
      handleSynthesisRun(ctx),
    ),
    register(segmentationRunJob, (ctx: Parameters<typeof handleSegmentationRun>[0]) =>
      handleSegmentationRun(
        ctx,
        options.wholeImageMaxPixels === undefined
          ? {}
          : { wholeImageMaxPixels: options.wholeImageMaxPixels },
      ),
    ),
    register(segmentationRegionsJob, handleSegmentationRegions),
    register(trainingExportJob, handleTrainingExport),
  ];
}
