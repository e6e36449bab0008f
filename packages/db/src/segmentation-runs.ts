/**
 * @module segmentation-runs
 * A segmentation run's fibers and summary become visible together with its
 * `succeeded` status: the job deletes any earlier fibers of the run, inserts
 * the new ones and flips the status in one transaction.
 */
import type { Prisma, RunStatus } from "@prisma/client";
import type { DbOrTx } from "./client.ts";
import { deleteFibersOfRun, type FiberRecord, insertFibers } from "./fibers.ts";

export const segmentationRunSelect = {
  id: true,
  projectId: true,
  sectionId: true,
  params: true,
  paramsVersion: true,
  status: true,
  jobId: true,
  fiberCount: true,
  summary: true,
  createdAt: true,
  finishedAt: true,
  model: { select: { id: true, name: true, version: true } },
  section: { select: { id: true, name: true, pixelSizeUm: true, width: true, height: true } },
} satisfies Prisma.SegmentationRunSelect;

type RunRow = Prisma.SegmentationRunGetPayload<{ select: typeof segmentationRunSelect }>;
export type SegmentationRunDto = Omit<RunRow, "params" | "summary"> & {
  params: Record<string, unknown>;
  summary: Record<string, unknown> | null;
  hasLabels: boolean;
  /** The run's job, so the UI shows progress, retries and failures. */
  job: { status: string; progress: number; message: string; error: string | null } | null;
};

type JobState = NonNullable<SegmentationRunDto["job"]>;

async function loadJobStates(
  db: DbOrTx,
  rows: readonly { jobId: string | null }[],
): Promise<Map<string, JobState>> {
  const ids = rows.map((row) => row.jobId).filter((id): id is string => id !== null);
  if (ids.length === 0) return new Map();
  const jobs = await db.job.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, progress: true, message: true, error: true },
  });
  return new Map(jobs.map(({ id, ...state }) => [id, state]));
}

function asRecord(value: Prisma.JsonValue | null): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function toRunDto(
  row: RunRow & { labelsKey?: string | null },
  jobs: Map<string, JobState>,
): SegmentationRunDto {
  const { params, summary, labelsKey, ...rest } = row;
  return {
    ...rest,
    params: asRecord(params),
    summary: summary === null ? null : asRecord(summary),
    hasLabels: Boolean(labelsKey),
    job: (row.jobId && jobs.get(row.jobId)) || null,
  };
}

export async function insertSegmentationRun(
  db: DbOrTx,
  input: {
    id: string;
    projectId: string;
    sectionId: string;
    modelId: string;
    params: Prisma.InputJsonValue;
    paramsVersion: string;
    jobId: string;
    createdById: string;
  },
): Promise<SegmentationRunDto> {
  const row = await db.segmentationRun.create({
    data: { ...input, status: "queued" },
    select: { ...segmentationRunSelect, labelsKey: true },
  });
  return toRunDto(row, await loadJobStates(db, [row]));
}

export async function listSegmentationRuns(
  db: DbOrTx,
  input: { projectId: string; sectionId?: string },
): Promise<SegmentationRunDto[]> {
  const rows = await db.segmentationRun.findMany({
    where: {
      projectId: input.projectId,
      ...(input.sectionId ? { sectionId: input.sectionId } : {}),
    },
    orderBy: { createdAt: "desc" },
    select: { ...segmentationRunSelect, labelsKey: true },
  });
  const jobs = await loadJobStates(db, rows);
  return rows.map((row) => toRunDto(row, jobs));
}

export async function findSegmentationRun(
  db: DbOrTx,
  input: { projectId: string; runId: string },
): Promise<SegmentationRunDto | null> {
  const row = await db.segmentationRun.findFirst({
    where: { id: input.runId, projectId: input.projectId },
    select: { ...segmentationRunSelect, labelsKey: true },
  });
  return row ? toRunDto(row, await loadJobStates(db, [row])) : null;
}

/** For the worker: everything needed to execute a run. */
export async function findSegmentationRunRecipe(db: DbOrTx, runId: string) {
  return db.segmentationRun.findUnique({
    where: { id: runId },
    select: {
      id: true,
      projectId: true,
      sectionId: true,
      params: true,
      status: true,
      model: { select: { id: true, storageKey: true, mpp: true } },
      section: {
        select: { name: true, storageKey: true, pixelSizeUm: true, width: true, height: true },
      },
    },
  });
}

export async function setSegmentationRunStatus(
  db: DbOrTx,
  input: { runId: string; status: RunStatus },
): Promise<void> {
  const isFinal = input.status === "failed" || input.status === "cancelled";
  await db.segmentationRun.update({
    where: { id: input.runId },
    data: { status: input.status, ...(isFinal ? { finishedAt: new Date() } : {}) },
    select: { id: true },
  });
}

/** Replaces the run's fibers and publishes it. Call inside the job's commit. */
export async function saveSegmentationRunResults(
  tx: DbOrTx,
  input: {
    runId: string;
    projectId: string;
    sectionId: string;
    fibers: readonly FiberRecord[];
    summary: Prisma.InputJsonValue;
    labelsKey: string;
  },
): Promise<{ fiberCount: number }> {
  await deleteFibersOfRun(tx, input.runId);
  const fiberCount = await insertFibers(tx, input);
  await tx.segmentationRun.update({
    where: { id: input.runId },
    data: {
      status: "succeeded",
      fiberCount,
      summary: input.summary,
      labelsKey: input.labelsKey,
      finishedAt: new Date(),
    },
    select: { id: true },
  });
  return { fiberCount };
}

/** Deletes a run of the project (its fibers cascade); returns how many rows went (0 or 1). */
export async function deleteSegmentationRun(
  db: DbOrTx,
  input: { projectId: string; runId: string },
): Promise<number> {
  const { count } = await db.segmentationRun.deleteMany({
    where: { id: input.runId, projectId: input.projectId },
  });
  return count;
}

/** The succeeded runs of a section, with what re-applying its regions needs. */
export async function listSucceededRunsOfSection(
  db: DbOrTx,
  input: { projectId: string; sectionId: string },
) {
  return db.segmentationRun.findMany({
    where: { projectId: input.projectId, sectionId: input.sectionId, status: "succeeded" },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      projectId: true,
      sectionId: true,
      params: true,
      section: { select: { pixelSizeUm: true } },
    },
  });
}

/**
 * Replaces `summary.regions` and `summary.excludedAreaUm2` of a succeeded run,
 * leaving the rest of its summary as it is, and stamps `summary.regionsAppliedAt`
 * (ms) so that overlays coloured by region and exclusion flags change version.
 */
export async function setSegmentationRunRegions(
  tx: DbOrTx,
  input: { runId: string; regions: Prisma.InputJsonValue; excludedAreaUm2: number },
): Promise<void> {
  await tx.$executeRawUnsafe(
    `update segmentation_runs
     set summary = coalesce(summary, '{}'::jsonb)
       || jsonb_build_object('regions', $2::jsonb, 'excludedAreaUm2', $3::float8,
            'regionsAppliedAt', floor(extract(epoch from clock_timestamp()) * 1000))
     where id = $1 and status = 'succeeded'`,
    input.runId,
    JSON.stringify(input.regions),
    input.excludedAreaUm2,
  );
}
