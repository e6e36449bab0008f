import { AppError } from "@myoscope/core/errors/app-error";
import type { Db } from "@myoscope/db/client";
import {
  insertSubject,
  isSubjectIdentifierTaken,
  type SubjectDto,
  type SubjectInput,
  updateSubject,
} from "@myoscope/db/subjects";

/** Creates a subject, or updates one when `subjectId` is given. Identifiers are unique per project. */
export async function saveSubject(
  db: Db,
  input: { projectId: string; subjectId?: string; data: SubjectInput },
): Promise<SubjectDto> {
  const identifier = input.data.identifier.trim();
  const isTaken = await isSubjectIdentifierTaken(db, {
    projectId: input.projectId,
    identifier,
    exceptId: input.subjectId,
  });
  if (isTaken)
    throw new AppError("CONFLICT", `subject "${identifier}" already exists in this project`);
  const data = { ...input.data, identifier, group: input.data.group.trim() };
  if (!input.subjectId) return insertSubject(db, { ...data, projectId: input.projectId });
  const updated = await updateSubject(db, {
    projectId: input.projectId,
    subjectId: input.subjectId,
    patch: data,
  });
  if (!updated) throw new AppError("NOT_FOUND", "subject not found");
  return updated;
}
