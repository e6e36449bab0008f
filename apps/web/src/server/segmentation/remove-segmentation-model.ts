/**
 * @module segmentation/remove-segmentation-model
 * Deletes a model a project uploaded. Built-in models are shared by every project
 * and stay; a model that segmentation runs were made with stays too (the runs
 * record which weights produced their fibers), until those runs are deleted.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import {
  deleteProjectSegmentationModel,
  findSegmentationModelForRemoval,
} from "@myoscope/db/segmentation-models";
import type { AppDeps } from "../deps.ts";

export async function removeSegmentationModel(
  deps: Pick<AppDeps, "db" | "storage">,
  input: { projectId: string; modelId: string },
): Promise<void> {
  const model = await findSegmentationModelForRemoval(deps.db, input);
  if (!model) throw new AppError("NOT_FOUND", "model not found");
  if (model.isBuiltin || model.projectId === null) {
    throw new AppError("BAD_REQUEST", `"${model.name}" is built in and cannot be deleted`);
  }
  const runs = model._count.runs;
  if (runs > 0) {
    throw new AppError(
      "CONFLICT",
      `"${model.name}" was used by ${runs} segmentation run${runs === 1 ? "" : "s"}; delete ${runs === 1 ? "it" : "them"} first`,
    );
  }
  const deleted = await deleteProjectSegmentationModel(deps.db, input).catch((error: unknown) => {
    // A run created since the check: the foreign key refuses, and so do we.
    if ((error as { code?: string }).code === "P2003") {
      throw new AppError("CONFLICT", `"${model.name}" is now used by a segmentation run`);
    }
    throw error;
  });
  if (deleted === 0) throw new AppError("NOT_FOUND", "model not found");
  // Rows before files: a crash in between leaves an unreferenced file, never a dangling row.
  await deps.storage.delete(model.storageKey);
}
