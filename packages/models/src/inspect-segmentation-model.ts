/**
 * @module inspect-segmentation-model
 * Validates a model file the way the worker will run it (a real onnxruntime session,
 * then released) and returns what the registry records about it.
 */
import {
  loadSegmentationModel,
  type SegmentationModelMetadata,
} from "./load-segmentation-model.ts";

export interface SegmentationModelInfo {
  /** sha256 of the file, hex. */
  sha256: string;
  byteSize: number;
  metadata: SegmentationModelMetadata;
  inputName: string;
  outputName: string;
  /** `myoscope_model_version` from the metadata, when the exporter wrote one. */
  version: string | null;
}

/**
 * Opens the model on one CPU thread and closes it again.
 * @throws SegmentationModelError (from `loadSegmentationModel`) naming every problem.
 */
export async function inspectSegmentationModel(path: string): Promise<SegmentationModelInfo> {
  const model = await loadSegmentationModel(path, { threads: 1, log: () => {} });
  try {
    const version = model.metadata.props.myoscope_model_version?.trim();
    return {
      sha256: model.sha256,
      byteSize: model.byteSize,
      metadata: model.metadata,
      inputName: model.inputName,
      outputName: model.outputName,
      version: version ? version : null,
    };
  } finally {
    await model.release();
  }
}
