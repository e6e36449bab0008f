/**
 * @module annotations/restore-annotation
 * Undoes a delete: the tombstoned annotation at `version` becomes live again.
 */
import { type AnnotationDto, restoreAnnotation as restoreRow } from "@myoscope/db/annotations";
import type { AppDeps } from "../deps.ts";
import { resolveAnnotationWrite } from "./resolve-annotation-write.ts";

export async function restoreAnnotation(
  deps: Pick<AppDeps, "db">,
  input: { projectId: string; annotationId: string; version: number; userId: string },
): Promise<AnnotationDto> {
  return resolveAnnotationWrite(await restoreRow(deps.db, input), { ...input, isRestore: true });
}
