import { AppError } from "@myoscope/core/errors/app-error";
import { deleteSection } from "@myoscope/db/sections";
import { getSectionPrefix } from "@myoscope/storage/section-keys";
import type { AppDeps } from "../deps.ts";

export async function removeSection(
  deps: Pick<AppDeps, "db" | "storage">,
  input: { projectId: string; sectionId: string },
): Promise<void> {
  if ((await deleteSection(deps.db, input)) === 0)
    throw new AppError("NOT_FOUND", "section not found");
  await deps.storage.delete(getSectionPrefix(input.projectId, input.sectionId));
}
