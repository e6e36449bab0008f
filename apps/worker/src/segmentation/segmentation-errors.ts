/**
 * @module segmentation/segmentation-errors
 * Typed errors of the segmentation pipeline, so the CLI and the job handler can tell
 * "your input is wrong" (print, exit non-zero, no retry) from a bug.
 */

/** The model file is missing, unreadable, or lacks the inputs, outputs or metadata we need. */
export { SegmentationModelError } from "@myoscope/models/segmentation-model-error";

/** The image is missing, corrupt, truncated, of an unsupported format, or its pixel size is absurd. */
export class SegmentationInputError extends Error {
  override name = "SegmentationInputError";
}
