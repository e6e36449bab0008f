/**
 * @module segmentation-models
 * The model registry. A model with `projectId` null is available to every
 * project (the shipped default); others belong to one project.
 */
import type { Prisma } from "@prisma/client";
import type { DbOrTx } from "./client.ts";

export const segmentationModelSelect = {
  id: true,
  projectId: true,
  name: true,
  version: true,
  sha256: true,
  byteSize: true,
  mpp: true,
  tileSize: true,
  tileOverlap: true,
  classes: true,
  metadata: true,
  isBuiltin: true,
  createdAt: true,
} satisfies Prisma.SegmentationModelSelect;

type ModelRow = Prisma.SegmentationModelGetPayload<{ select: typeof segmentationModelSelect }>;
export type SegmentationModelDto = Omit<ModelRow, "metadata"> & {
  metadata: Record<string, string>;
};

function toModelDto({ metadata, ...row }: ModelRow): SegmentationModelDto {
  const meta =
    metadata !== null && typeof metadata === "object" && !Array.isArray(metadata)
      ? (metadata as Record<string, string>)
      : {};
  return { ...row, metadata: meta };
}

export interface SegmentationModelInput {
  projectId: string | null;
  name: string;
  version: string;
  storageKey: string;
  sha256: string;
  byteSize: number;
  mpp: number;
  tileSize: number;
  tileOverlap: number;
  classes: string[];
  metadata: Record<string, string>;
  isBuiltin: boolean;
  createdById: string | null;
}

export async function insertSegmentationModel(
  db: DbOrTx,
  input: SegmentationModelInput,
): Promise<SegmentationModelDto> {
  return toModelDto(
    await db.segmentationModel.create({ data: input, select: segmentationModelSelect }),
  );
}

/** Registers the shipped model once; repeated calls return the existing row. */
export async function ensureBuiltinModel(
  db: DbOrTx,
  input: Omit<SegmentationModelInput, "projectId" | "isBuiltin" | "createdById">,
): Promise<SegmentationModelDto> {
  const existing = await db.segmentationModel.findFirst({
    where: { projectId: null, sha256: input.sha256 },
    select: segmentationModelSelect,
  });
  if (existing) return toModelDto(existing);
  return insertSegmentationModel(db, {
    ...input,
    projectId: null,
    isBuiltin: true,
    createdById: null,
  });
}

/** Models a project may use: its own and the global ones. */
export async function listSegmentationModels(
  db: DbOrTx,
  projectId: string,
): Promise<SegmentationModelDto[]> {
  const rows = await db.segmentationModel.findMany({
    where: { OR: [{ projectId }, { projectId: null }] },
    orderBy: [{ isBuiltin: "desc" }, { createdAt: "desc" }],
    select: segmentationModelSelect,
  });
  return rows.map(toModelDto);
}

export async function findSegmentationModel(
  db: DbOrTx,
  input: { projectId: string; modelId: string },
): Promise<SegmentationModelDto | null> {
  const row = await db.segmentationModel.findFirst({
    where: { id: input.modelId, OR: [{ projectId: input.projectId }, { projectId: null }] },
    select: segmentationModelSelect,
  });
  return row ? toModelDto(row) : null;
}

/** For the worker: where the model file is. */
export async function findSegmentationModelFile(db: DbOrTx, modelId: string) {
  return db.segmentationModel.findUnique({
    where: { id: modelId },
    select: { id: true, storageKey: true, sha256: true, mpp: true },
  });
}

export async function setProjectDefaultModel(
  db: DbOrTx,
  input: { projectId: string; modelId: string | null },
): Promise<void> {
  await db.project.update({
    where: { id: input.projectId },
    data: { defaultModelId: input.modelId },
    select: { id: true },
  });
}

/** The project's chosen default, else the newest builtin model. */
export async function findProjectDefaultModel(
  db: DbOrTx,
  projectId: string,
): Promise<SegmentationModelDto | null> {
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: { defaultModel: { select: segmentationModelSelect } },
  });
  if (project?.defaultModel) return toModelDto(project.defaultModel);
  const builtin = await db.segmentationModel.findFirst({
    where: { projectId: null, isBuiltin: true },
    orderBy: { createdAt: "desc" },
    select: segmentationModelSelect,
  });
  return builtin ? toModelDto(builtin) : null;
}

/** A model as the registry's owner sees it for deletion: its file and whether it is shared. */
export async function findSegmentationModelForRemoval(
  db: DbOrTx,
  input: { projectId: string; modelId: string },
) {
  return db.segmentationModel.findFirst({
    where: { id: input.modelId, OR: [{ projectId: input.projectId }, { projectId: null }] },
    select: {
      id: true,
      name: true,
      projectId: true,
      isBuiltin: true,
      storageKey: true,
      _count: { select: { runs: true } },
    },
  });
}

/** Deletes a project's own model row; returns how many rows went (0 or 1). */
export async function deleteProjectSegmentationModel(
  db: DbOrTx,
  input: { projectId: string; modelId: string },
): Promise<number> {
  const { count } = await db.segmentationModel.deleteMany({
    where: { id: input.modelId, projectId: input.projectId, isBuiltin: false },
  });
  return count;
}
