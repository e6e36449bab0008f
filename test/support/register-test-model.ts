/**
 * Registers an ONNX model file as a project's segmentation model, as the model
 * upload does: the bytes in storage, the row with the facts the file declares.
 */
import { createHash, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Db } from "@myoscope/db/client";
import { insertSegmentationModel } from "@myoscope/db/segmentation-models";
import { inspectSegmentationModel } from "@myoscope/models/inspect-segmentation-model";
import { getProjectModelKey } from "@myoscope/storage/model-keys";
import type { Storage } from "@myoscope/storage/storage";

/** Returns the new model's id. */
export async function registerTestModel(
  db: Db,
  storage: Storage,
  input: { projectId: string; userId: string; path: string; name: string },
): Promise<string> {
  const bytes = await readFile(input.path);
  const storageKey = getProjectModelKey(input.projectId, randomUUID());
  await storage.put(storageKey, bytes);
  const info = await inspectSegmentationModel(input.path);
  const model = await insertSegmentationModel(db, {
    projectId: input.projectId,
    name: input.name,
    version: "1",
    storageKey,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    byteSize: bytes.length,
    mpp: info.metadata.mpp,
    tileSize: info.metadata.tileSize,
    tileOverlap: info.metadata.tileOverlap,
    classes: info.metadata.classes,
    metadata: info.metadata.props,
    isBuiltin: false,
    createdById: input.userId,
  });
  return model.id;
}
