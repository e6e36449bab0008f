/**
 * @module segmentation/default-model-path
 * Where the shipped fiber segmentation model lives (`apps/worker/models/`).
 */
import { resolve } from "node:path";

export const DEFAULT_MODEL_PATH = resolve(
  import.meta.dirname,
  "../../models/myoscope-unet-synth.onnx",
);
