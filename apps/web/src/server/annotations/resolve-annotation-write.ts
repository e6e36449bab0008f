/**
 * @module annotations/resolve-annotation-write
 * Turns a compare-and-set outcome into the annotation or a clear error.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import type { AnnotationDto, AnnotationWriteResult } from "@myoscope/db/annotations";

export function resolveAnnotationWrite(
  result: AnnotationWriteResult,
  attempted: { version: number; isRestore?: boolean },
): AnnotationDto {
  if (result.status === "ok") return result.annotation;
  if (result.status === "not_found") throw new AppError("NOT_FOUND", "annotation not found");
  const { current } = result;
  if (current.version !== attempted.version) {
    throw new AppError(
      "CONFLICT",
      `the annotation was changed meanwhile (version ${attempted.version} → ${current.version}); reload it and retry`,
    );
  }
  throw new AppError(
    "CONFLICT",
    attempted.isRestore ? "the annotation is not deleted" : "the annotation was deleted",
  );
}
