/**
 * @module synthesis/create-training-export
 * Records a training export of a succeeded synthesis run and enqueues its job
 * in one transaction, so an export never exists without the job that writes it.
 */
import { randomUUID } from "node:crypto";
import { AppError } from "@myoscope/core/errors/app-error";
import { withTransaction } from "@myoscope/db/client";
import { findSynthesisRun } from "@myoscope/db/synthesis-runs";
import {
  insertTrainingExport,
  type TrainingExportDto,
  type TrainingExportParams,
} from "@myoscope/db/training-exports";
import { trainingExportJob } from "@myoscope/jobs/definitions/training-export";
import { enqueueJob } from "@myoscope/jobs/enqueue-job";
import type { AppDeps } from "../deps.ts";

export interface CreateTrainingExportInput extends TrainingExportParams {
  projectId: string;
  runId: string;
  userId: string;
}

export async function createTrainingExport(
  deps: Pick<AppDeps, "db" | "getQueue">,
  { projectId, runId, userId, ...params }: CreateTrainingExportInput,
): Promise<TrainingExportDto> {
  if (params.overlap >= params.tileSize) {
    throw new AppError("BAD_REQUEST", `overlap must be < tileSize, got ${params.overlap}`);
  }
  const run = await findSynthesisRun(deps.db, { projectId, runId });
  if (!run) throw new AppError("NOT_FOUND", "synthesis run not found");
  if (run.status !== "succeeded") {
    throw new AppError(
      "CONFLICT",
      `synthesis run is ${run.status}; only a finished run can be exported`,
    );
  }
  const queue = await deps.getQueue();
  const exportId = randomUUID();
  return withTransaction(deps.db, async (tx) => {
    const job = await enqueueJob(
      tx,
      queue,
      trainingExportJob,
      { exportId },
      { projectId, createdById: userId },
    );
    return insertTrainingExport(tx, {
      id: exportId,
      projectId,
      runId,
      params,
      jobId: job.id,
      createdById: userId,
    });
  });
}
