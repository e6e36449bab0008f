/**
 * @module segmentation/refresh-section-regions
 * Queues the `segmentation.regions` job that re-applies a section's region,
 * ROI and exclusion annotations to its succeeded runs (after annotations
 * changed). The job recomputes from stored masks; nothing is segmented again.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { withTransaction } from "@myoscope/db/client";
import type { JobDto } from "@myoscope/db/jobs";
import { findSection } from "@myoscope/db/sections";
import { segmentationRegionsJob } from "@myoscope/jobs/definitions/segmentation-regions";
import { enqueueJob } from "@myoscope/jobs/enqueue-job";
import type { AppDeps } from "../deps.ts";

export async function refreshSectionRegions(
  deps: Pick<AppDeps, "db" | "getQueue">,
  input: { projectId: string; sectionId: string; userId: string },
): Promise<JobDto> {
  const section = await findSection(deps.db, input);
  if (!section) throw new AppError("NOT_FOUND", "section not found");
  const queue = await deps.getQueue();
  return withTransaction(deps.db, (tx) =>
    enqueueJob(
      tx,
      queue,
      segmentationRegionsJob,
      { projectId: input.projectId, sectionId: input.sectionId },
      { projectId: input.projectId, createdById: input.userId },
    ),
  );
}
