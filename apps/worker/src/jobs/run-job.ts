/**
 * @module run-job
 * Runs one pg-boss job through its handler and keeps the `jobs` mirror row in
 * step: running → succeeded (inside the handler's commit), retrying/failed on
 * error, untouched when the job was cancelled.
 */
import { withTransaction } from "@myoscope/db/client";
import {
  markJobFailedAttempt,
  markJobRunning,
  markJobSucceeded,
  updateJobProgress,
} from "@myoscope/db/jobs";
import type { JobDefinition } from "@myoscope/jobs/define-job";
import type PgBoss from "pg-boss";
import { type Failpoints, hitFailpoint } from "../failpoints.ts";
import type { WorkerDeps } from "../worker-deps.ts";
import {
  JobCancelledError,
  type JobContext,
  type JobHandler,
  PermanentJobError,
} from "./job-context.ts";

const COMMIT_TIMEOUT_MS = 10 * 60 * 1000;

export interface RunJobDeps extends WorkerDeps {
  failpoints: Failpoints;
}

export async function runJob(
  deps: RunJobDeps,
  definition: JobDefinition,
  handler: JobHandler<unknown>,
  job: PgBoss.JobWithMetadata<unknown>,
): Promise<void> {
  const { db, storage, failpoints, log } = deps;
  const attempt = await markJobRunning(db, job.id);
  if (attempt === null) {
    log(`job ${job.id} (${definition.name}) is cancelled or finished; skipping`);
    return;
  }
  const payload = definition.payload.safeParse(job.data);
  const ctx: JobContext<unknown> = {
    jobId: job.id,
    attempt,
    payload: payload.success ? payload.data : undefined,
    db,
    storage,
    async progress(percent, message) {
      const isOwner = await updateJobProgress(db, {
        jobId: job.id,
        attempt,
        progress: percent,
        message,
      });
      if (!isOwner) throw new JobCancelledError();
    },
    async commit(write, message) {
      return withTransaction(
        db,
        async (tx) => {
          const result = await write(tx);
          // Compare-and-set: a cancelled or expired-and-reassigned job must not publish.
          if (!(await markJobSucceeded(tx, { jobId: job.id, attempt, result, message }))) {
            throw new JobCancelledError();
          }
          return result;
        },
        // Bulk results (100,000+ fibers of a whole section) take longer than a request.
        { timeoutMs: COMMIT_TIMEOUT_MS },
      );
    },
    failpoint: (name) => hitFailpoint(failpoints, name),
  };
  log(`job ${job.id} (${definition.name}) attempt ${attempt} started`);
  try {
    if (!payload.success) throw new PermanentJobError(`invalid payload: ${payload.error.message}`);
    await handler(ctx);
    log(`job ${job.id} (${definition.name}) succeeded`);
  } catch (error) {
    if (error instanceof JobCancelledError) {
      log(`job ${job.id} (${definition.name}) cancelled`);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const isPermanent = error instanceof PermanentJobError;
    const willRetry = !isPermanent && job.retryCount < job.retryLimit;
    await markJobFailedAttempt(db, { jobId: job.id, attempt, error: message, willRetry });
    log(`job ${job.id} (${definition.name}) failed${willRetry ? ", will retry" : ""}: ${message}`);
    // pg-boss retries every failure while retries are left, so a permanent
    // failure completes the queue entry; the mirror row carries the failure.
    if (isPermanent) return;
    throw error;
  }
}
