/**
 * @module jobs
 * The `jobs` table mirrors pg-boss jobs (same id) for the UI. Every status change
 * is a compare-and-set on the expected previous status, so a late update from a
 * worker that lost its lease (or a cancelled job) cannot overwrite newer state.
 */

import type { JobStatus, Prisma } from "@prisma/client";
import type { DbOrTx } from "./client.ts";

export const jobSelect = {
  id: true,
  projectId: true,
  type: true,
  status: true,
  progress: true,
  message: true,
  error: true,
  attempts: true,
  maxAttempts: true,
  payload: true,
  result: true,
  createdAt: true,
  updatedAt: true,
  startedAt: true,
  finishedAt: true,
  createdBy: { select: { id: true, name: true } },
} satisfies Prisma.JobSelect;

export type JobDto = Prisma.JobGetPayload<{ select: typeof jobSelect }>;

const ACTIVE: JobStatus[] = ["queued", "running", "retrying"];

export function isJobActive(status: JobStatus): boolean {
  return ACTIVE.includes(status);
}

export async function insertJob(
  db: DbOrTx,
  input: {
    id: string;
    projectId: string | null;
    type: string;
    payload: Prisma.InputJsonValue;
    maxAttempts: number;
    createdById: string | null;
  },
): Promise<JobDto> {
  return db.job.create({ data: { ...input, status: "queued" }, select: jobSelect });
}

export async function listJobs(
  db: DbOrTx,
  input: { projectId: string; limit: number },
): Promise<JobDto[]> {
  return db.job.findMany({
    where: { projectId: input.projectId },
    orderBy: { createdAt: "desc" },
    take: input.limit,
    select: jobSelect,
  });
}

export async function listRecentJobs(db: DbOrTx, limit: number): Promise<JobDto[]> {
  return db.job.findMany({ orderBy: { createdAt: "desc" }, take: limit, select: jobSelect });
}

export async function findJob(
  db: DbOrTx,
  where: { jobId: string; projectId?: string },
): Promise<JobDto | null> {
  return db.job.findFirst({
    where: { id: where.jobId, ...(where.projectId ? { projectId: where.projectId } : {}) },
    select: jobSelect,
  });
}

/**
 * A worker picks the job up; counts the attempt. Returns the attempt number, or
 * null when the job was cancelled or finished meanwhile. A job still `running`
 * here belonged to a worker that died: pg-boss expired it and handed it on.
 */
export async function markJobRunning(db: DbOrTx, jobId: string): Promise<number | null> {
  const rows = await db.job.updateManyAndReturn({
    where: { id: jobId, status: { in: ACTIVE } },
    data: {
      status: "running",
      attempts: { increment: 1 },
      progress: 0,
      message: "started",
      startedAt: new Date(),
    },
    select: { attempts: true },
  });
  return rows[0]?.attempts ?? null;
}

/**
 * Records progress of attempt `attempt`. False when that attempt no longer owns
 * the job: it was cancelled, or pg-boss expired it and a newer attempt runs.
 */
export async function updateJobProgress(
  db: DbOrTx,
  input: { jobId: string; attempt: number; progress: number; message: string },
): Promise<boolean> {
  const progress = Math.max(0, Math.min(100, Math.round(input.progress)));
  const { count } = await db.job.updateMany({
    where: { id: input.jobId, status: "running", attempts: input.attempt },
    data: { progress, message: input.message },
  });
  return count === 1;
}

/**
 * Must run in the transaction that commits the job's results. False (and
 * nothing changed) when attempt `attempt` no longer owns the job.
 */
export async function markJobSucceeded(
  tx: DbOrTx,
  input: { jobId: string; attempt: number; result: Prisma.InputJsonValue; message: string },
): Promise<boolean> {
  const { count } = await tx.job.updateMany({
    where: { id: input.jobId, status: "running", attempts: input.attempt },
    data: {
      status: "succeeded",
      progress: 100,
      message: input.message,
      result: input.result,
      error: null,
      finishedAt: new Date(),
    },
  });
  return count === 1;
}

export async function markJobFailedAttempt(
  db: DbOrTx,
  input: { jobId: string; attempt: number; error: string; willRetry: boolean },
): Promise<void> {
  await db.job.updateMany({
    where: { id: input.jobId, status: "running", attempts: input.attempt },
    data: input.willRetry
      ? { status: "retrying", error: input.error, message: "failed; will retry" }
      : { status: "failed", error: input.error, message: "failed", finishedAt: new Date() },
  });
}

export async function markJobCancelled(
  db: DbOrTx,
  input: { jobId: string; projectId: string },
): Promise<boolean> {
  const { count } = await db.job.updateMany({
    where: { id: input.jobId, projectId: input.projectId, status: { in: ACTIVE } },
    data: { status: "cancelled", message: "cancelled", finishedAt: new Date() },
  });
  return count === 1;
}

/** A failed or cancelled job goes back to the queue. */
export async function markJobRequeued(
  db: DbOrTx,
  input: { jobId: string; projectId: string },
): Promise<boolean> {
  const { count } = await db.job.updateMany({
    where: { id: input.jobId, projectId: input.projectId, status: { in: ["failed", "cancelled"] } },
    data: {
      status: "queued",
      progress: 0,
      message: "queued for retry",
      error: null,
      attempts: 0,
      finishedAt: null,
    },
  });
  return count === 1;
}

/**
 * A job of `type` for this section that no worker has started yet: a newer
 * request can ride on it, because it reads the data when it starts.
 */
export async function findQueuedSectionJob(
  db: DbOrTx,
  input: { projectId: string; sectionId: string; type: string },
): Promise<JobDto | null> {
  return db.job.findFirst({
    where: {
      projectId: input.projectId,
      type: input.type,
      status: "queued",
      payload: { path: ["sectionId"], equals: input.sectionId },
    },
    orderBy: { createdAt: "desc" },
    select: jobSelect,
  });
}
