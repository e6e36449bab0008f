/**
 * @module annotations/restore-annotation
 * Undoes a delete: the tombstoned annotation at `version` becomes live again.
 */
import { type AnnotationDto, restoreAnnotation as restoreRow } from "@myoscope/db/annotations";
import type { AppDeps } from "../deps.ts";
import { scheduleRegionRefresh } from "../segmentation/schedule-region-refresh.ts";
import { resolveAnnotationWrite } from "./resolve-annotation-write.ts";

export async function restoreAnnotation(
  deps: Pick<AppDeps, "db" | "getQueue">,
  input: { projectId: string; annotationId: string; version: number; userId: string },
): Promise<AnnotationDto> {
  const annotation = resolveAnnotationWrite(await restoreRow(deps.db, input), {
    ...input,
    isRestore: true,
  });
  await scheduleRegionRefresh(deps, { ...input, ...annotation, kinds: [annotation.kind] });
  return annotation;
}
