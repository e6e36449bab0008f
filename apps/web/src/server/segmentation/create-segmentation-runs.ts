/**
 * @module segmentation/create-segmentation-runs
 * Queues one segmentation run per chosen section, all in one transaction with
 * their jobs: either every run is queued or none is.
 */
import { randomUUID } from "node:crypto";
import { AppError } from "@myoscope/core/errors/app-error";
import {
  POSTPROCESS_PARAMS_VERSION,
  postprocessParamsSchema,
} from "@myoscope/core/postprocess/postprocess-params";
import { withTransaction } from "@myoscope/db/client";
import { listSectionStatuses } from "@myoscope/db/sections";
import { findProjectDefaultModel, findSegmentationModel } from "@myoscope/db/segmentation-models";
import { insertSegmentationRun, type SegmentationRunDto } from "@myoscope/db/segmentation-runs";
import { segmentationRunJob } from "@myoscope/jobs/definitions/segmentation-run";
import { enqueueJob } from "@myoscope/jobs/enqueue-job";
import type { AppDeps } from "../deps.ts";

export interface CreateSegmentationRunsInput {
  projectId: string;
  userId: string;
  sectionIds: string[];
  /** Omitted: the project's default model, else the shipped one. */
  modelId?: string | undefined;
  /** Any subset of the post-processing parameters; the rest are the paper's defaults. */
  params: unknown;
}

function parseParams(params: unknown) {
  const result = postprocessParamsSchema.safeParse(params ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new AppError(
    "BAD_REQUEST",
    `post-processing parameter ${issue?.path.join(".") || "params"}: ${issue?.message ?? "invalid"}`,
  );
}

export async function createSegmentationRuns(
  deps: Pick<AppDeps, "db" | "getQueue">,
  input: CreateSegmentationRunsInput,
): Promise<SegmentationRunDto[]> {
  const params = parseParams(input.params);
  const model = input.modelId
    ? await findSegmentationModel(deps.db, { projectId: input.projectId, modelId: input.modelId })
    : await findProjectDefaultModel(deps.db, input.projectId);
  if (!model) {
    throw new AppError(
      input.modelId ? "NOT_FOUND" : "BAD_REQUEST",
      input.modelId ? "model not found" : "no segmentation model is registered yet",
    );
  }
  const sectionIds = [...new Set(input.sectionIds)];
  const sections = await listSectionStatuses(deps.db, { projectId: input.projectId, sectionIds });
  if (sections.length !== sectionIds.length) throw new AppError("NOT_FOUND", "section not found");
  const notReady = sections.find((section) => section.status !== "ready");
  if (notReady) {
    throw new AppError("CONFLICT", `section "${notReady.name}" is not ready (${notReady.status})`);
  }
  const queue = await deps.getQueue();
  return withTransaction(deps.db, async (tx) => {
    const runs: SegmentationRunDto[] = [];
    for (const sectionId of sectionIds) {
      const runId = randomUUID();
      const job = await enqueueJob(
        tx,
        queue,
        segmentationRunJob,
        { runId },
        { projectId: input.projectId, createdById: input.userId },
      );
      runs.push(
        await insertSegmentationRun(tx, {
          id: runId,
          projectId: input.projectId,
          sectionId,
          modelId: model.id,
          params,
          paramsVersion: String(POSTPROCESS_PARAMS_VERSION),
          jobId: job.id,
          createdById: input.userId,
        }),
      );
    }
    return runs;
  });
}
