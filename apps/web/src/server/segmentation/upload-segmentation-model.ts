/**
 * @module segmentation/upload-segmentation-model
 * Adds an uploaded ONNX model to a project's registry. The file is streamed to
 * storage with a byte limit, then opened with onnxruntime by the same check the
 * worker runs before every segmentation (`@myoscope/models`), so a model the
 * registry accepts is one the worker can run. A refused or failed upload leaves
 * neither a file nor a row.
 */
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { AppError } from "@myoscope/core/errors/app-error";
import {
  insertSegmentationModel,
  listSegmentationModels,
  type SegmentationModelDto,
} from "@myoscope/db/segmentation-models";
import { inspectSegmentationModel } from "@myoscope/models/inspect-segmentation-model";
import { SegmentationModelError } from "@myoscope/models/segmentation-model-error";
import { getProjectModelKey, getProjectModelUploadKey } from "@myoscope/storage/model-keys";
import type { AppDeps } from "../deps.ts";
import { storeWithLimit, tooLarge } from "../sections/upload-section.ts";

/** A base-16 U-Net is ~8 MB; 200 MB leaves room for much larger architectures. */
export const MAX_MODEL_BYTES = 200 * 1024 * 1024;

export interface UploadSegmentationModelInput {
  projectId: string;
  userId: string;
  originalFilename: string;
  /** Registry name; the file name without `.onnx` when empty. */
  name: string;
  /** Content-Length when the client sent one; checked before reading. */
  declaredBytes: number | null;
  body: Readable;
  maxBytes?: number;
}

function toRefusal(error: SegmentationModelError): AppError {
  if (error.reason === "unusable") {
    return new AppError(
      "BAD_REQUEST",
      `not a usable fiber segmentation model: ${error.problems.join("; ")}`,
    );
  }
  return new AppError(
    "UNSUPPORTED_MEDIA_TYPE",
    "the file is not an ONNX model; upload a fiber segmentation model exported as .onnx",
  );
}

function defaultName(filename: string): string {
  return filename.replace(/\.onnx$/i, "").trim() || "uploaded model";
}

export async function uploadSegmentationModel(
  deps: AppDeps,
  input: UploadSegmentationModelInput,
): Promise<SegmentationModelDto> {
  const maxBytes = input.maxBytes ?? MAX_MODEL_BYTES;
  if (input.declaredBytes !== null && input.declaredBytes > maxBytes) throw tooLarge(maxBytes);
  const modelId = randomUUID();
  const uploadKey = getProjectModelUploadKey(input.projectId, modelId);
  const storageKey = getProjectModelKey(input.projectId, modelId);
  try {
    const { byteSize } = await storeWithLimit(deps, uploadKey, input.body, maxBytes);
    if (byteSize === 0) throw new AppError("BAD_REQUEST", "the uploaded file is empty");
    const info = await inspectSegmentationModel(await deps.storage.localPath(uploadKey)).catch(
      (error: unknown) => {
        throw error instanceof SegmentationModelError ? toRefusal(error) : error;
      },
    );
    const same = (await listSegmentationModels(deps.db, input.projectId)).find(
      (model) => model.sha256 === info.sha256,
    );
    if (same) {
      throw new AppError(
        "CONFLICT",
        `this model is already registered as "${same.name}" (version ${same.version})`,
      );
    }
    await deps.storage.move(uploadKey, storageKey);
    const { metadata } = info;
    return await insertSegmentationModel(deps.db, {
      projectId: input.projectId,
      name: input.name.trim() || defaultName(input.originalFilename),
      version: info.version ?? "1",
      storageKey,
      sha256: info.sha256,
      byteSize: info.byteSize,
      mpp: metadata.mpp,
      tileSize: metadata.tileSize,
      tileOverlap: metadata.tileOverlap,
      classes: metadata.classes,
      metadata: metadata.props,
      isBuiltin: false,
      createdById: input.userId,
    }).catch((error: unknown) => {
      // Two uploads of the same file at once: the unique index decides.
      if ((error as { code?: string }).code === "P2002") {
        throw new AppError("CONFLICT", "this model is already registered in the project");
      }
      throw error;
    });
  } catch (error) {
    await deps.storage.delete(uploadKey);
    await deps.storage.delete(storageKey);
    throw error;
  }
}
