/**
 * @module segmentation/remove-segmentation-run
 * Deletes a finished segmentation run, its fibers (cascade) and its mask files.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { deleteSegmentationRun, findSegmentationRun } from "@myoscope/db/segmentation-runs";
import { listSurveysUsingRun } from "@myoscope/db/surveys";
import { getSegmentationRunPrefix } from "@myoscope/storage/segmentation-keys";
import type { AppDeps } from "../deps.ts";

const ACTIVE_JOB = new Set(["queued", "running", "retrying"]);

export async function removeSegmentationRun(
  deps: Pick<AppDeps, "db" | "storage">,
  input: { projectId: string; runId: string },
): Promise<void> {
  const run = await findSegmentationRun(deps.db, input);
  if (!run) throw new AppError("NOT_FOUND", "segmentation run not found");
  if (run.job && ACTIVE_JOB.has(run.job.status)) {
    throw new AppError("CONFLICT", "the run is still in progress; cancel its job first");
  }
  // A survey's blinding key refers to the run: deleting it would void the study.
  const surveys = await listSurveysUsingRun(deps.db, input);
  if (surveys.length > 0) {
    throw new AppError(
      "CONFLICT",
      `the run is shown in the survey${surveys.length > 1 ? "s" : ""} ${surveys.map((n) => `"${n}"`).join(", ")}; delete ${surveys.length > 1 ? "them" : "it"} first`,
    );
  }
  if ((await deleteSegmentationRun(deps.db, input)) === 0) {
    throw new AppError("NOT_FOUND", "segmentation run not found");
  }
  await deps.storage.delete(getSegmentationRunPrefix(input.projectId, run.sectionId, input.runId));
}
