import { deleteProject } from "@myoscope/db/projects";
import { getProjectPrefix } from "@myoscope/storage/section-keys";
import type { AppDeps } from "../deps.ts";

/** Deletes a project with everything in it, rows first, then its stored files. */
export async function removeProject(
  deps: Pick<AppDeps, "db" | "storage">,
  input: { projectId: string },
): Promise<void> {
  await deleteProject(deps.db, input.projectId);
  // Rows go first: a crash in between leaves unreferenced files, never dangling rows.
  await deps.storage.delete(getProjectPrefix(input.projectId));
}
