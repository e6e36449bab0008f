import { AppError } from "@myoscope/core/errors/app-error";
import { listSectionIdsOfSubject } from "@myoscope/db/sections";
import { deleteSubject } from "@myoscope/db/subjects";
import { getSectionPrefix } from "@myoscope/storage/section-keys";
import type { AppDeps } from "../deps.ts";

/** Deletes a subject with its sections and their stored files. */
export async function removeSubject(
  deps: Pick<AppDeps, "db" | "storage">,
  input: { projectId: string; subjectId: string },
): Promise<void> {
  const sectionIds = await listSectionIdsOfSubject(deps.db, input);
  if ((await deleteSubject(deps.db, input)) === 0)
    throw new AppError("NOT_FOUND", "subject not found");
  // Files go after the rows: a crash in between leaves unreferenced files, never dangling rows.
  for (const sectionId of sectionIds) {
    await deps.storage.delete(getSectionPrefix(input.projectId, sectionId));
  }
}
