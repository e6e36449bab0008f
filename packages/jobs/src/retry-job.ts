import { AppError } from "@myoscope/core/errors/app-error";
import type { Db } from "@myoscope/db/client";
import { findJob, markJobRequeued } from "@myoscope/db/jobs";
import type { Queue } from "./queue.ts";

/** Puts a failed or cancelled job back in the queue under the same id. */
export async function retryJob(
  db: Db,
  queue: Queue,
  input: { projectId: string; jobId: string },
): Promise<void> {
  const job = await findJob(db, input);
  if (!job) throw new AppError("NOT_FOUND", "job not found");
  if (!(await markJobRequeued(db, input))) {
    throw new AppError(
      "CONFLICT",
      `only failed or cancelled jobs can be retried; this one is ${job.status}`,
    );
  }
  if (job.status === "cancelled") await queue.resume(job.type, job.id);
  else await queue.retry(job.type, job.id);
}
