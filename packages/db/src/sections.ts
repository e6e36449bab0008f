/**
 * @module sections
 */

import type { Preparation, Prisma } from "@prisma/client";
import type { DbOrTx } from "./client.ts";

export const sectionSelect = {
  id: true,
  projectId: true,
  name: true,
  status: true,
  originalFilename: true,
  mimeType: true,
  byteSize: true,
  format: true,
  width: true,
  height: true,
  channels: true,
  pixelSizeUm: true,
  stain: true,
  preparation: true,
  muscles: true,
  acquisitionNotes: true,
  thumbnailKey: true,
  pyramidKey: true,
  tileSize: true,
  vendor: true,
  properties: true,
  sourceSectionId: true,
  sourceRegion: true,
  createdAt: true,
  updatedAt: true,
  subject: { select: { id: true, identifier: true, group: true } },
  uploadedBy: { select: { id: true, name: true } },
} satisfies Prisma.SectionSelect;

type SectionRow = Prisma.SectionGetPayload<{ select: typeof sectionSelect }>;
export type SectionDto = Omit<SectionRow, "byteSize" | "thumbnailKey" | "pyramidKey"> & {
  byteSize: number;
  hasThumbnail: boolean;
  /** A DeepZoom pyramid is stored and served by the tile routes. */
  hasPyramid: boolean;
};

function toSectionDto({ byteSize, thumbnailKey, pyramidKey, ...row }: SectionRow): SectionDto {
  return {
    ...row,
    byteSize: Number(byteSize),
    hasThumbnail: thumbnailKey !== null,
    hasPyramid: pyramidKey !== null && row.status === "ready",
  };
}

export interface SectionMetadataInput {
  name: string;
  pixelSizeUm: number;
  stain: string;
  preparation: Preparation;
  muscles: string[];
  acquisitionNotes: string;
}

export async function insertSection(
  db: DbOrTx,
  input: SectionMetadataInput & {
    id: string;
    projectId: string;
    subjectId: string;
    storageKey: string;
    originalFilename: string;
    mimeType: string;
    byteSize: number;
    sha256: string;
    uploadedById: string;
    /** Detected at upload ("aperio", "hamamatsu", "generic-tiff", "png", ...). */
    vendor?: string | null;
    properties?: Prisma.InputJsonObject;
    sourceSectionId?: string | null;
    sourceRegion?: Prisma.InputJsonObject | null;
  },
): Promise<SectionDto> {
  const { sourceRegion, ...rest } = input;
  return toSectionDto(
    await db.section.create({
      data: {
        ...rest,
        ...(sourceRegion ? { sourceRegion } : {}),
        byteSize: BigInt(input.byteSize),
        status: "processing",
      },
      select: sectionSelect,
    }),
  );
}

export async function listSections(
  db: DbOrTx,
  input: { projectId: string; subjectId?: string },
): Promise<SectionDto[]> {
  const rows = await db.section.findMany({
    where: {
      projectId: input.projectId,
      ...(input.subjectId ? { subjectId: input.subjectId } : {}),
    },
    orderBy: { createdAt: "desc" },
    select: sectionSelect,
  });
  return rows.map(toSectionDto);
}

export async function findSection(
  db: DbOrTx,
  input: { projectId: string; sectionId: string },
): Promise<SectionDto | null> {
  const row = await db.section.findFirst({
    where: { id: input.sectionId, projectId: input.projectId },
    select: sectionSelect,
  });
  return row ? toSectionDto(row) : null;
}

/** Storage locations, for the worker and the file-serving routes only. */
export interface SectionFilesDto {
  id: string;
  projectId: string;
  storageKey: string;
  thumbnailKey: string | null;
  mimeType: string;
}

export async function findSectionFiles(
  db: DbOrTx,
  where: { sectionId: string; projectId?: string },
): Promise<SectionFilesDto | null> {
  return db.section.findFirst({
    where: { id: where.sectionId, ...(where.projectId ? { projectId: where.projectId } : {}) },
    select: { id: true, projectId: true, storageKey: true, thumbnailKey: true, mimeType: true },
  });
}

export async function updateSectionMetadata(
  db: DbOrTx,
  input: {
    projectId: string;
    sectionId: string;
    patch: Partial<SectionMetadataInput> & { subjectId?: string };
  },
): Promise<SectionDto | null> {
  const { count } = await db.section.updateMany({
    where: { id: input.sectionId, projectId: input.projectId },
    data: input.patch,
  });
  return count === 0 ? null : findSection(db, input);
}

export async function saveSectionImageInfo(
  db: DbOrTx,
  input: {
    sectionId: string;
    width: number;
    height: number;
    channels: number;
    format: string;
    thumbnailKey: string;
  },
): Promise<void> {
  const { sectionId, ...data } = input;
  await db.section.update({
    where: { id: sectionId },
    data: { ...data, status: "ready" },
    select: { id: true },
  });
}

/** Where a ready section's DeepZoom pyramid lives; null unless ready with a pyramid. */
export interface SectionPyramidDto {
  id: string;
  pyramidKey: string;
  width: number;
  height: number;
  tileSize: number;
  pixelSizeUm: number;
}

export async function findSectionPyramid(
  db: DbOrTx,
  input: { projectId: string; sectionId: string },
): Promise<SectionPyramidDto | null> {
  const row = await db.section.findFirst({
    where: { id: input.sectionId, projectId: input.projectId, status: "ready" },
    select: {
      id: true,
      pyramidKey: true,
      width: true,
      height: true,
      tileSize: true,
      pixelSizeUm: true,
    },
  });
  if (!row?.pyramidKey || !row.width || !row.height || !row.tileSize) return null;
  return {
    ...row,
    pyramidKey: row.pyramidKey,
    width: row.width,
    height: row.height,
    tileSize: row.tileSize,
  };
}

/** What the ingest job needs to read a section's original. */
export async function findSectionIngestSource(db: DbOrTx, sectionId: string) {
  return db.section.findFirst({
    where: { id: sectionId },
    select: {
      id: true,
      projectId: true,
      storageKey: true,
      pyramidKey: true,
      pixelSizeUm: true,
      vendor: true,
      properties: true,
    },
  });
}

/**
 * Publishes an ingested section: image facts, thumbnail, pyramid and status
 * `ready` in one statement (the ingest job calls it inside its commit).
 */
export async function saveSectionIngest(
  db: DbOrTx,
  input: {
    sectionId: string;
    width: number;
    height: number;
    channels: number;
    format: string;
    thumbnailKey: string;
    pyramidKey: string;
    tileSize: number;
    vendor: string;
    properties: Prisma.InputJsonObject;
  },
): Promise<void> {
  const { sectionId, ...data } = input;
  await db.section.update({
    where: { id: sectionId },
    data: { ...data, status: "ready" },
    select: { id: true },
  });
}

/** A section extracted from another one: where to cut and what to read. */
export async function findSectionExtraction(db: DbOrTx, sectionId: string) {
  return db.section.findFirst({
    where: { id: sectionId },
    select: {
      id: true,
      projectId: true,
      storageKey: true,
      pixelSizeUm: true,
      sourceRegion: true,
      sourceSection: {
        select: { id: true, storageKey: true, pixelSizeUm: true, properties: true, status: true },
      },
    },
  });
}

/** Records the size and hash of a file the platform wrote itself (an extraction). */
export async function saveSectionFileFacts(
  db: DbOrTx,
  input: { sectionId: string; byteSize: number; sha256: string },
): Promise<void> {
  await db.section.update({
    where: { id: input.sectionId },
    data: { byteSize: BigInt(input.byteSize), sha256: input.sha256 },
    select: { id: true },
  });
}

export async function markSectionFailed(db: DbOrTx, sectionId: string): Promise<void> {
  await db.section.updateMany({ where: { id: sectionId }, data: { status: "failed" } });
}

export async function deleteSection(
  db: DbOrTx,
  input: { projectId: string; sectionId: string },
): Promise<number> {
  const { count } = await db.section.deleteMany({
    where: { id: input.sectionId, projectId: input.projectId },
  });
  return count;
}

export async function listSectionIdsOfSubject(
  db: DbOrTx,
  input: { projectId: string; subjectId: string },
): Promise<string[]> {
  const rows = await db.section.findMany({
    where: { subjectId: input.subjectId, projectId: input.projectId },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Status of the given sections of a project; ids of other projects are simply absent. */
export async function listSectionStatuses(
  db: DbOrTx,
  input: { projectId: string; sectionIds: string[] },
) {
  return db.section.findMany({
    where: { id: { in: input.sectionIds }, projectId: input.projectId },
    select: { id: true, status: true, name: true },
  });
}
