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

/**
 * Lets pg-boss write through a Prisma interactive transaction, so its job row
 * commits or rolls back with ours. Prisma converts results its own way, so
 * this is for pg-boss's write commands (send, cancel, resume, retry,
 * deleteJob), whose results are an id or a count. Reads such as getJobById or
 * fetch return `interval` columns that Prisma cannot deserialize: run those on
 * the queue's own connections.
 */
export function toQueueExecutor(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      // pg-boss passes `undefined` for unset options; node-postgres sends those as NULL.
      const params = values.map((value) => (value === undefined ? null : value));
      const rows = await tx.$queryRawUnsafe<Array<Record<string, unknown>>>(text, ...params);
      // node-postgres returns int8 (e.g. COUNT(*)) as a string; Prisma as a bigint.
      return {
        rows: rows.map((row) =>
          Object.fromEntries(
            Object.entries(row).map(([key, value]) => [
              key,
              typeof value === "bigint" ? value.toString() : value,
            ]),
          ),
        ),
      };
    },
  };
}

/** pg-boss send options for one job of `definition`, written through `tx`. */
export function toSendOptions(
  tx: Tx,
  definition: JobDefinition,
  input: { id: string; timeoutSeconds?: number },
): PgBoss.SendOptions & { db: PgBoss.Db } {
  return {
    id: input.id,
    retryLimit: definition.retry.limit,
    retryDelay: definition.retry.delaySeconds,
    retryBackoff: definition.retry.backoff,
    expireInSeconds: input.timeoutSeconds ?? definition.timeoutSeconds,
    db: toQueueExecutor(tx),
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
  const sent = await queue.send(
    definition.name,
    parsed.data as object,
    toSendOptions(tx, definition, { id, timeoutSeconds: options.timeoutSeconds }),
  );
  if (sent !== id) throw new Error(`pg-boss did not accept job ${id} (${definition.name})`);
  return job;
}
