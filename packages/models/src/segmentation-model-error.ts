/**
 * @module segmentation-model-error
 * The one error a model check throws, so the worker, the CLI and the upload route
 * can each tell "this model is unusable" from a bug and say why.
 */

/** Why a model was refused: the file could not be read, is no ONNX model, or is not one we can run. */
export type SegmentationModelErrorReason = "unreadable" | "not-onnx" | "unusable";

/** The model file is missing, unreadable, or lacks the inputs, outputs or metadata we need. */
export class SegmentationModelError extends Error {
  override name = "SegmentationModelError";
  readonly reason: SegmentationModelErrorReason;
  /**
   * Each problem in one sentence without the file's path, so it can be shown to
   * whoever uploaded the file (the message names the path, for logs and the CLI).
   */
  readonly problems: readonly string[];

  constructor(
    message: string,
    options: { reason?: SegmentationModelErrorReason; problems?: readonly string[] } = {},
  ) {
    super(message);
    this.reason = options.reason ?? "unusable";
    this.problems = options.problems ?? [message];
  }
}
