import { AppError } from "@myoscope/core/errors/app-error";
import { deleteSynthesisRun } from "@myoscope/db/synthesis-runs";
import { getSynthesisRunPrefix } from "@myoscope/storage/synthesis-keys";
import type { AppDeps } from "../deps.ts";

/** Deletes a synthesis run's rows, then its files (never dangling rows). */
export async function removeSynthesisRun(
  deps: Pick<AppDeps, "db" | "storage">,
  input: { projectId: string; runId: string },
): Promise<{ deleted: true }> {
  const { count } = await deleteSynthesisRun(deps.db, input);
  if (count === 0) throw new AppError("NOT_FOUND", "synthesis run not found");
  await deps.storage.delete(getSynthesisRunPrefix(input.projectId, input.runId));
  return { deleted: true };
}
