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
  createdAt: true,
  updatedAt: true,
  subject: { select: { id: true, identifier: true, group: true } },
  uploadedBy: { select: { id: true, name: true } },
} satisfies Prisma.SectionSelect;

type SectionRow = Prisma.SectionGetPayload<{ select: typeof sectionSelect }>;
export type SectionDto = Omit<SectionRow, "byteSize" | "thumbnailKey"> & {
  byteSize: number;
  hasThumbnail: boolean;
};

function toSectionDto({ byteSize, thumbnailKey, ...row }: SectionRow): SectionDto {
  return { ...row, byteSize: Number(byteSize), hasThumbnail: thumbnailKey !== null };
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
  },
): Promise<SectionDto> {
  return toSectionDto(
    await db.section.create({
      data: { ...input, byteSize: BigInt(input.byteSize), status: "processing" },
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
