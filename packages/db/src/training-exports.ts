/**
 * @module training-exports
 * Training datasets exported from succeeded synthesis runs. An export's zip
 * becomes downloadable together with its `succeeded` status (one transaction
 * in the job).
 */
import type { Prisma, RunStatus } from "@prisma/client";
import type { DbOrTx } from "./client.ts";

/** What an export was asked for; stored so a retry reproduces the same zip. */
export interface TrainingExportParams {
  tileSize: number;
  overlap: number;
  valFraction: number;
  seed: number;
  withWeights: boolean;
}

/** The part of the export's manifest the UI shows. */
export interface TrainingExportSummary {
  datasetVersion: string;
  sourceCount: number;
  tileCount: { train: number; val: number };
  fileName: string;
}

export const trainingExportSelect = {
  id: true,
  projectId: true,
  runId: true,
  params: true,
  status: true,
  jobId: true,
  byteSize: true,
  manifest: true,
  createdAt: true,
  finishedAt: true,
  createdBy: { select: { id: true, name: true } },
} satisfies Prisma.TrainingExportSelect;

type TrainingExportRow = Prisma.TrainingExportGetPayload<{ select: typeof trainingExportSelect }>;
export type TrainingExportDto = Omit<TrainingExportRow, "params" | "manifest"> & {
  params: TrainingExportParams;
  manifest: TrainingExportSummary | null;
  /** The export job's state, so the UI shows progress and failures. */
  job: { status: string; progress: number; message: string; error: string | null } | null;
};

type JobState = NonNullable<TrainingExportDto["job"]>;

function toDto(
  { params, manifest, ...row }: TrainingExportRow,
  jobs: Map<string, JobState>,
): TrainingExportDto {
  return {
    ...row,
    params: params as unknown as TrainingExportParams,
    manifest: manifest === null ? null : (manifest as unknown as TrainingExportSummary),
    job: (row.jobId && jobs.get(row.jobId)) || null,
  };
}

async function loadJobStates(
  db: DbOrTx,
  rows: TrainingExportRow[],
): Promise<Map<string, JobState>> {
  const ids = rows.map((row) => row.jobId).filter((id): id is string => id !== null);
  if (ids.length === 0) return new Map();
  const jobs = await db.job.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, progress: true, message: true, error: true },
  });
  return new Map(jobs.map(({ id, ...state }) => [id, state]));
}

export async function insertTrainingExport(
  db: DbOrTx,
  input: {
    id: string;
    projectId: string;
    runId: string;
    params: TrainingExportParams;
    jobId: string;
    createdById: string;
  },
): Promise<TrainingExportDto> {
  const row = await db.trainingExport.create({
    data: {
      ...input,
      params: input.params as unknown as Prisma.InputJsonValue,
      status: "queued",
    },
    select: trainingExportSelect,
  });
  return toDto(row, await loadJobStates(db, [row]));
}

/** Newest first. Scoped by project so run ids of other projects list nothing. */
export async function listTrainingExports(
  db: DbOrTx,
  input: { projectId: string; runId: string },
): Promise<TrainingExportDto[]> {
  const rows = await db.trainingExport.findMany({
    where: { projectId: input.projectId, runId: input.runId },
    orderBy: { createdAt: "desc" },
    select: trainingExportSelect,
  });
  const jobs = await loadJobStates(db, rows);
  return rows.map((row) => toDto(row, jobs));
}

/** The zip of a succeeded export, scoped by project; null when there is none to download. */
export async function findTrainingExportDownload(
  db: DbOrTx,
  input: { projectId: string; exportId: string },
): Promise<{ storageKey: string; byteSize: number | null; fileName: string } | null> {
  const row = await db.trainingExport.findFirst({
    where: { id: input.exportId, projectId: input.projectId, status: "succeeded" },
    select: { storageKey: true, byteSize: true, manifest: true },
  });
  if (!row?.storageKey) return null;
  const summary = row.manifest as unknown as TrainingExportSummary | null;
  return {
    storageKey: row.storageKey,
    byteSize: row.byteSize,
    fileName: summary?.fileName ?? `training-export-${input.exportId}.zip`,
  };
}

/** For the worker, which has no project context. */
export async function findTrainingExportRecipe(db: DbOrTx, exportId: string) {
  const row = await db.trainingExport.findUnique({
    where: { id: exportId },
    select: {
      id: true,
      projectId: true,
      runId: true,
      params: true,
      status: true,
      run: { select: { name: true, status: true, preset: true } },
    },
  });
  return row ? { ...row, params: row.params as unknown as TrainingExportParams } : null;
}

export async function saveTrainingExportResult(
  tx: DbOrTx,
  input: {
    exportId: string;
    storageKey: string;
    byteSize: number;
    manifest: TrainingExportSummary;
  },
): Promise<void> {
  await tx.trainingExport.update({
    where: { id: input.exportId },
    data: {
      status: "succeeded",
      storageKey: input.storageKey,
      byteSize: input.byteSize,
      manifest: input.manifest as unknown as Prisma.InputJsonValue,
      finishedAt: new Date(),
    },
    select: { id: true },
  });
}

export async function setTrainingExportStatus(
  db: DbOrTx,
  input: { exportId: string; status: RunStatus },
): Promise<void> {
  const isFinal = input.status === "failed" || input.status === "cancelled";
  await db.trainingExport.update({
    where: { id: input.exportId },
    data: { status: input.status, ...(isFinal ? { finishedAt: new Date() } : {}) },
    select: { id: true },
  });
}
