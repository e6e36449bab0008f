/**
 * @module synthesis-runs
 * Versioned synthetic datasets and their images. A run's images become
 * visible together with its `succeeded` status (one transaction in the job).
 */
import type { Prisma, RunStatus } from "@prisma/client";
import type { DbOrTx } from "./client.ts";

export const synthesisRunSelect = {
  id: true,
  projectId: true,
  name: true,
  preset: true,
  ranges: true,
  count: true,
  size: true,
  seed: true,
  generatorVersion: true,
  status: true,
  jobId: true,
  stats: true,
  createdAt: true,
  finishedAt: true,
  createdBy: { select: { id: true, name: true } },
} satisfies Prisma.SynthesisRunSelect;

type SynthesisRunRow = Prisma.SynthesisRunGetPayload<{ select: typeof synthesisRunSelect }>;
export type SynthesisRunDto = Omit<SynthesisRunRow, "ranges" | "stats"> & {
  ranges: Record<string, unknown>;
  stats: SynthesisRunStats | null;
  /** The rendering job's state, so the UI shows progress and failures. */
  job: { status: string; progress: number; message: string; error: string | null } | null;
};

/** Dataset statistics shown in the gallery. */
export interface SynthesisRunStats {
  imageCount: number;
  fiberCount: number;
  meanFibersPerImage: number;
  /** Equivalent-circle diameter of every fiber, µm, binned. */
  diameterHistogram: { binStartUm: number; binWidthUm: number; counts: number[] };
  meanDiameterUm: number;
  centralNucleiFraction: number;
  mppRange: [number, number];
}

export const synthesisImageSelect = {
  id: true,
  runId: true,
  index: true,
  name: true,
  seed: true,
  mpp: true,
  fiberCount: true,
  params: true,
  stats: true,
} satisfies Prisma.SynthesisImageSelect;

type SynthesisImageRow = Prisma.SynthesisImageGetPayload<{ select: typeof synthesisImageSelect }>;
export type SynthesisImageDto = Omit<SynthesisImageRow, "seed" | "params" | "stats"> & {
  seed: number;
  params: Record<string, unknown>;
  stats: Record<string, unknown>;
};

function asRecord(value: Prisma.JsonValue | null): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

type JobState = NonNullable<SynthesisRunDto["job"]>;

function toRunDto(
  { ranges, stats, ...row }: SynthesisRunRow,
  jobs: Map<string, JobState>,
): SynthesisRunDto {
  return {
    ...row,
    ranges: asRecord(ranges),
    stats: stats === null ? null : (stats as unknown as SynthesisRunStats),
    job: (row.jobId && jobs.get(row.jobId)) || null,
  };
}

async function loadJobStates(db: DbOrTx, rows: SynthesisRunRow[]): Promise<Map<string, JobState>> {
  const ids = rows.map((row) => row.jobId).filter((id): id is string => id !== null);
  if (ids.length === 0) return new Map();
  const jobs = await db.job.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, progress: true, message: true, error: true },
  });
  return new Map(jobs.map(({ id, ...state }) => [id, state]));
}

function toImageDto({ seed, params, stats, ...row }: SynthesisImageRow): SynthesisImageDto {
  return { ...row, seed: Number(seed), params: asRecord(params), stats: asRecord(stats) };
}

export interface SynthesisRunInput {
  id: string;
  projectId: string;
  name: string;
  preset: string;
  ranges: Prisma.InputJsonValue;
  count: number;
  size: number;
  seed: number;
  generatorVersion: string;
  jobId: string;
  createdById: string;
}

export async function insertSynthesisRun(
  db: DbOrTx,
  input: SynthesisRunInput,
): Promise<SynthesisRunDto> {
  const row = await db.synthesisRun.create({
    data: { ...input, status: "queued" },
    select: synthesisRunSelect,
  });
  return toRunDto(row, await loadJobStates(db, [row]));
}

export async function listSynthesisRuns(db: DbOrTx, projectId: string): Promise<SynthesisRunDto[]> {
  const rows = await db.synthesisRun.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    select: synthesisRunSelect,
  });
  const jobs = await loadJobStates(db, rows);
  return rows.map((row) => toRunDto(row, jobs));
}

export async function findSynthesisRun(
  db: DbOrTx,
  input: { projectId: string; runId: string },
): Promise<SynthesisRunDto | null> {
  const row = await db.synthesisRun.findFirst({
    where: { id: input.runId, projectId: input.projectId },
    select: synthesisRunSelect,
  });
  return row ? toRunDto(row, await loadJobStates(db, [row])) : null;
}

/** For the worker, which has no project context: the run's reproduction recipe. */
export async function findSynthesisRunRecipe(db: DbOrTx, runId: string) {
  return db.synthesisRun.findUnique({
    where: { id: runId },
    select: {
      id: true,
      projectId: true,
      preset: true,
      ranges: true,
      count: true,
      size: true,
      seed: true,
      status: true,
    },
  });
}

export async function listSynthesisImages(
  db: DbOrTx,
  input: { projectId: string; runId: string },
): Promise<SynthesisImageDto[]> {
  const rows = await db.synthesisImage.findMany({
    where: { runId: input.runId, projectId: input.projectId },
    orderBy: { index: "asc" },
    select: synthesisImageSelect,
  });
  return rows.map(toImageDto);
}

export type SynthesisImageFileKind = "image" | "labels" | "classes" | "thumbnail";

/** Storage key of one file of an image, scoped by project so ids from elsewhere miss. */
export async function findSynthesisImageFileKey(
  db: DbOrTx,
  input: { projectId: string; imageId: string; kind: SynthesisImageFileKind },
): Promise<string | null> {
  const row = await db.synthesisImage.findFirst({
    where: { id: input.imageId, projectId: input.projectId },
    select: { imageKey: true, labelsKey: true, classesKey: true, thumbnailKey: true },
  });
  if (!row) return null;
  const keys = {
    image: row.imageKey,
    labels: row.labelsKey,
    classes: row.classesKey,
    thumbnail: row.thumbnailKey,
  } as const;
  return keys[input.kind];
}

export interface SynthesisImageInput {
  index: number;
  name: string;
  seed: number;
  mpp: number;
  fiberCount: number;
  params: Prisma.InputJsonValue;
  stats: Prisma.InputJsonValue;
  imageKey: string;
  labelsKey: string;
  classesKey: string;
  thumbnailKey: string;
}

/**
 * Replaces the run's images and marks it succeeded. Idempotent: a retried job
 * deletes what an earlier attempt may have written (it cannot have committed,
 * but the call stays safe to repeat).
 */
export async function saveSynthesisRunResults(
  tx: DbOrTx,
  input: {
    runId: string;
    projectId: string;
    images: SynthesisImageInput[];
    stats: SynthesisRunStats;
    /** The exact engine that rendered the images (version + source hash). */
    generatorVersion: string;
  },
): Promise<void> {
  await tx.synthesisImage.deleteMany({ where: { runId: input.runId } });
  await tx.synthesisImage.createMany({
    data: input.images.map((image) => ({
      ...image,
      seed: BigInt(image.seed),
      runId: input.runId,
      projectId: input.projectId,
    })),
  });
  await tx.synthesisRun.update({
    where: { id: input.runId },
    data: {
      status: "succeeded",
      generatorVersion: input.generatorVersion,
      stats: input.stats as unknown as Prisma.InputJsonValue,
      finishedAt: new Date(),
    },
    select: { id: true },
  });
}

export async function setSynthesisRunStatus(
  db: DbOrTx,
  input: { runId: string; status: RunStatus },
): Promise<void> {
  const isFinal = input.status === "failed" || input.status === "cancelled";
  await db.synthesisRun.update({
    where: { id: input.runId },
    data: { status: input.status, ...(isFinal ? { finishedAt: new Date() } : {}) },
    select: { id: true },
  });
}

export async function deleteSynthesisRun(
  db: DbOrTx,
  input: { projectId: string; runId: string },
): Promise<{ count: number }> {
  return db.synthesisRun.deleteMany({ where: { id: input.runId, projectId: input.projectId } });
}
