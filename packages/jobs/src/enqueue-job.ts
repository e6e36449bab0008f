/**
 * @module enqueue-job
 * Enqueues a job and its `jobs` mirror row in the caller's transaction, so a job
 * exists exactly when the rows it works on exist (no orphan jobs, no lost work).
 */
import { randomUUID } from "node:crypto";
import { AppError } from "@myoscope/core/errors/app-error";
import type { Tx } from "@myoscope/db/client";
import { insertJob, type JobDto } from "@myoscope/db/jobs";
import type { Prisma } from "@myoscope/db/prisma-types";
import type PgBoss from "pg-boss";
import type { JobDefinition, JobPayload } from "./define-job.ts";
import type { Queue } from "./queue.ts";

export interface EnqueueJobOptions {
  projectId: string | null;
  createdById: string | null;
  /**
   * Overrides the definition's timeout for this one job (e.g. a very large section).
   * @default definition.timeoutSeconds
   */
  timeoutSeconds?: number;
}

/** Lets pg-boss write through a Prisma interactive transaction. */
export function toQueueExecutor(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...values);
      return { rows };
    },
  };
}

export async function enqueueJob<TDef extends JobDefinition>(
  tx: Tx,
  queue: Queue,
  definition: TDef,
  payload: JobPayload<TDef>,
  options: EnqueueJobOptions,
): Promise<JobDto> {
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) {
    throw new AppError(
      "BAD_REQUEST",
      `invalid payload for job ${definition.name}: ${parsed.error.message}`,
    );
  }
  const id = randomUUID();
  const job = await insertJob(tx, {
    id,
    projectId: options.projectId,
    type: definition.name,
    payload: parsed.data as Prisma.InputJsonValue,
    maxAttempts: definition.retry.limit + 1,
    createdById: options.createdById,
  });
  await queue.send(definition.name, parsed.data as object, {
    id,
    retryLimit: definition.retry.limit,
    retryDelay: definition.retry.delaySeconds,
    retryBackoff: definition.retry.backoff,
    expireInSeconds: options.timeoutSeconds ?? definition.timeoutSeconds,
    db: toQueueExecutor(tx),
  });
  return job;
}
