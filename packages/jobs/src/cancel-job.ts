import { AppError } from "@myoscope/core/errors/app-error";
import type { Db } from "@myoscope/db/client";
import { findJob, markJobCancelled } from "@myoscope/db/jobs";
import type { Queue } from "./queue.ts";

/**
 * Cancels a queued or running job. A running handler notices at its next
 * progress report, and its final commit is refused (compare-and-set on status),
 * so a cancelled job never publishes results.
 */
export async function cancelJob(
  db: Db,
  queue: Queue,
  input: { projectId: string; jobId: string },
): Promise<void> {
  const job = await findJob(db, input);
  if (!job) throw new AppError("NOT_FOUND", "job not found");
  if (!(await markJobCancelled(db, input))) {
    throw new AppError("CONFLICT", `job is already ${job.status}`);
  }
  await queue.cancel(job.type, job.id);
}
