/**
 * @module model-keys
 * Where segmentation model files live. The shipped model is shared by every
 * project and named by its content; an uploaded model lives under its project,
 * so deleting the project deletes its models' files too.
 */
import { getProjectPrefix } from "./section-keys.ts";

export function getBuiltinModelKey(sha256: string): string {
  return `models/builtin/${sha256}.onnx`;
}

export function getProjectModelsPrefix(projectId: string): string {
  return `${getProjectPrefix(projectId)}models/`;
}

export function getProjectModelKey(projectId: string, modelId: string): string {
  return `${getProjectModelsPrefix(projectId)}${modelId}.onnx`;
}

/** Where an upload is streamed before it has been validated. */
export function getProjectModelUploadKey(projectId: string, uploadId: string): string {
  return `${getProjectModelsPrefix(projectId)}${uploadId}.upload`;
}
