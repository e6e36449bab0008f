/**
 * @module subjects
 */

import type { Prisma } from "@prisma/client";
import type { DbOrTx } from "./client.ts";

export const subjectSelect = {
  id: true,
  projectId: true,
  identifier: true,
  group: true,
  sex: true,
  ageWeeks: true,
  metadata: true,
  createdAt: true,
  _count: { select: { sections: true } },
} satisfies Prisma.SubjectSelect;

type SubjectRow = Prisma.SubjectGetPayload<{ select: typeof subjectSelect }>;
export type SubjectDto = Omit<SubjectRow, "_count" | "metadata"> & {
  metadata: Record<string, unknown>;
  sectionCount: number;
};

export interface SubjectInput {
  identifier: string;
  group: string;
  sex: "female" | "male" | "unknown";
  ageWeeks: number | null;
  metadata: Record<string, string | number | boolean>;
}

function toSubjectDto({ _count, metadata, ...row }: SubjectRow): SubjectDto {
  const meta =
    metadata !== null && typeof metadata === "object" && !Array.isArray(metadata)
      ? (metadata as Record<string, unknown>)
      : {};
  return { ...row, metadata: meta, sectionCount: _count.sections };
}

export async function listSubjects(db: DbOrTx, projectId: string): Promise<SubjectDto[]> {
  const rows = await db.subject.findMany({
    where: { projectId },
    orderBy: [{ group: "asc" }, { identifier: "asc" }],
    select: subjectSelect,
  });
  return rows.map(toSubjectDto);
}

export async function findSubject(
  db: DbOrTx,
  input: { projectId: string; subjectId: string },
): Promise<SubjectDto | null> {
  const row = await db.subject.findFirst({
    where: { id: input.subjectId, projectId: input.projectId },
    select: subjectSelect,
  });
  return row ? toSubjectDto(row) : null;
}

export async function isSubjectIdentifierTaken(
  db: DbOrTx,
  input: { projectId: string; identifier: string; exceptId?: string },
): Promise<boolean> {
  const count = await db.subject.count({
    where: {
      projectId: input.projectId,
      identifier: input.identifier,
      ...(input.exceptId ? { id: { not: input.exceptId } } : {}),
    },
  });
  return count > 0;
}

export async function insertSubject(
  db: DbOrTx,
  input: SubjectInput & { projectId: string },
): Promise<SubjectDto> {
  return toSubjectDto(await db.subject.create({ data: input, select: subjectSelect }));
}

export async function updateSubject(
  db: DbOrTx,
  input: { projectId: string; subjectId: string; patch: Partial<SubjectInput> },
): Promise<SubjectDto | null> {
  const { count } = await db.subject.updateMany({
    where: { id: input.subjectId, projectId: input.projectId },
    data: input.patch,
  });
  return count === 0 ? null : findSubject(db, input);
}

export async function deleteSubject(
  db: DbOrTx,
  input: { projectId: string; subjectId: string },
): Promise<number> {
  const { count } = await db.subject.deleteMany({
    where: { id: input.subjectId, projectId: input.projectId },
  });
  return count;
}
