/**
 * @module annotations/delete-annotation
 * Tombstones an annotation at `version`, so pollers remove it and undo can restore it.
 */
import { type AnnotationDto, softDeleteAnnotation } from "@myoscope/db/annotations";
import type { AppDeps } from "../deps.ts";
import { scheduleRegionRefresh } from "../segmentation/schedule-region-refresh.ts";
import { resolveAnnotationWrite } from "./resolve-annotation-write.ts";

export async function deleteAnnotation(
  deps: Pick<AppDeps, "db" | "getQueue">,
  input: { projectId: string; annotationId: string; version: number; userId: string },
): Promise<AnnotationDto> {
  const annotation = resolveAnnotationWrite(await softDeleteAnnotation(deps.db, input), input);
  await scheduleRegionRefresh(deps, { ...input, ...annotation, kinds: [annotation.kind] });
  return annotation;
}
