/**
 * @module catalog
 * Every job type the platform knows. The worker refuses to start if a
 * definition here has no handler.
 */
import type { JobDefinition } from "./define-job.ts";
import { sectionExtractJob } from "./definitions/section-extract.ts";
import { sectionThumbnailJob } from "./definitions/section-thumbnail.ts";
import { segmentationRegionsJob } from "./definitions/segmentation-regions.ts";
import { segmentationRunJob } from "./definitions/segmentation-run.ts";
import { synthesisRunJob } from "./definitions/synthesis-run.ts";
import { trainingExportJob } from "./definitions/training-export.ts";

export const JOB_CATALOG: readonly JobDefinition[] = [
  sectionThumbnailJob,
  sectionExtractJob,
  synthesisRunJob,
  segmentationRunJob,
  segmentationRegionsJob,
  trainingExportJob,
];

export function findJobDefinition(name: string): JobDefinition | undefined {
  return JOB_CATALOG.find((definition) => definition.name === name);
}
