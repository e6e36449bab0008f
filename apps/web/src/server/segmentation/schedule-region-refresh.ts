/**
 * @module segmentation/schedule-region-refresh
 * After a region, ROI or exclusion annotation changes, the section's finished
 * runs must be re-read against it (fiber regions, exclusions, connective tissue
 * per region, cohort summaries). This queues that job once: while one is still
 * waiting, later edits ride on it, since it reads the annotations when it starts.
 */
import type { AnnotationKind } from "@myoscope/core/annotations/annotation-classes";
import { withTransaction } from "@myoscope/db/client";
import { findQueuedSectionJob, type JobDto } from "@myoscope/db/jobs";
import { listSucceededRunsOfSection } from "@myoscope/db/segmentation-runs";
import { segmentationRegionsJob } from "@myoscope/jobs/definitions/segmentation-regions";
import { enqueueJob } from "@myoscope/jobs/enqueue-job";
import type { AppDeps } from "../deps.ts";

/** Kinds whose shapes change segmentation results; fiber outlines (ground truth) do not. */
const RESULT_KINDS: ReadonlySet<AnnotationKind> = new Set(["region", "roi", "exclusion"]);

export async function scheduleRegionRefresh(
  deps: Pick<AppDeps, "db" | "getQueue">,
  input: { projectId: string; sectionId: string; userId: string; kinds: readonly AnnotationKind[] },
): Promise<JobDto | null> {
  if (!input.kinds.some((kind) => RESULT_KINDS.has(kind))) return null;
  const runs = await listSucceededRunsOfSection(deps.db, input);
  if (runs.length === 0) return null;
  const pending = await findQueuedSectionJob(deps.db, {
    ...input,
    type: segmentationRegionsJob.name,
  });
  if (pending) return pending;
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
