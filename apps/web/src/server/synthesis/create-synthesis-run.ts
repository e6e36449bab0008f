/**
 * @module synthesis/create-synthesis-run
 * Records a synthesis run and enqueues its job in one transaction, so a run
 * never exists without the job that renders it.
 */
import { randomUUID } from "node:crypto";
import type { SynthesisPresetName } from "@myoscope/core/synthesis/presets";
import { withTransaction } from "@myoscope/db/client";
import { insertSynthesisRun, type SynthesisRunDto } from "@myoscope/db/synthesis-runs";
import { synthesisRunJob } from "@myoscope/jobs/definitions/synthesis-run";
import { enqueueJob } from "@myoscope/jobs/enqueue-job";
import type { AppDeps } from "../deps.ts";
import { resolveSynthesisRanges, type SynthesisOverrides } from "./resolve-synthesis-ranges.ts";

/**
 * Recorded at creation; the job replaces it with the exact engine version and
 * source hash that rendered the images.
 */
const PENDING_GENERATOR_VERSION = "pending";

export interface CreateSynthesisRunInput {
  projectId: string;
  userId: string;
  name: string;
  preset: SynthesisPresetName;
  overrides: SynthesisOverrides;
  count: number;
  size: number;
  seed: number;
}

export async function createSynthesisRun(
  deps: Pick<AppDeps, "db" | "getQueue">,
  input: CreateSynthesisRunInput,
): Promise<SynthesisRunDto> {
  const ranges = resolveSynthesisRanges(input.preset, input.overrides);
  const queue = await deps.getQueue();
  const runId = randomUUID();
  return withTransaction(deps.db, async (tx) => {
    const job = await enqueueJob(
      tx,
      queue,
      synthesisRunJob,
      { runId },
      { projectId: input.projectId, createdById: input.userId },
    );
    return insertSynthesisRun(tx, {
      id: runId,
      projectId: input.projectId,
      name: input.name.trim() || `${input.preset} × ${input.count} (seed ${input.seed})`,
      preset: input.preset,
      ranges: ranges as unknown as Record<string, number | number[]>,
      count: input.count,
      size: input.size,
      seed: input.seed,
      generatorVersion: PENDING_GENERATOR_VERSION,
      jobId: job.id,
      createdById: input.userId,
    });
  });
}
