import { AppError } from "@myoscope/core/errors/app-error";
import { type Db, withTransaction } from "@myoscope/db/client";
import { findJob, markJobRequeued } from "@myoscope/db/jobs";
import { findJobDefinition } from "./catalog.ts";
import { toSendOptions } from "./enqueue-job.ts";
import type { Queue } from "./queue.ts";

/**
 * Puts a failed or cancelled job back in the queue under the same id, with a
 * fresh set of attempts.
 *
 * pg-boss's own `retry()` only revives jobs in its `failed` state, but a job
 * that failed permanently (e.g. the file is not an image) is `completed` there,
 * because the worker finishes it to stop pg-boss from retrying; the mirror row
 * carries the failure. So the queue entry, whatever its state, is replaced by a
 * new one in the same transaction that requeues the mirror row.
 */
export async function retryJob(
  db: Db,
  queue: Queue,
  input: { projectId: string; jobId: string },
): Promise<void> {
  const job = await findJob(db, input);
  if (!job) throw new AppError("NOT_FOUND", "job not found");
  const definition = findJobDefinition(job.type);
  if (!definition) throw new AppError("INTERNAL", `job type ${job.type} is not in the catalog`);
  // Keeps a per-job timeout override; read on the queue's own connections
  // because this result has columns Prisma cannot deserialize.
  const previous = await queue.getJobById(job.type, job.id, { includeArchive: true });
  const timeoutSeconds = Number(previous?.expireInSeconds) || definition.timeoutSeconds;
  await withTransaction(db, async (tx) => {
    if (!(await markJobRequeued(tx, input))) {
      throw new AppError(
        "CONFLICT",
        `only failed or cancelled jobs can be retried; this one is ${job.status}`,
      );
    }
    const options = toSendOptions(tx, definition, { id: job.id, timeoutSeconds });
    await queue.deleteJob(job.type, job.id, { db: options.db });
    const sent = await queue.send(job.type, job.payload as object, options);
    if (sent !== job.id) throw new Error(`pg-boss did not accept job ${job.id} again`);
  });
}
