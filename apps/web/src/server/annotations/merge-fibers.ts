/**
 * @module annotations/merge-fibers
 * Replaces two or more touching fiber annotations by their union (traced from
 * the union of their masks); the inputs are tombstoned in the same transaction.
 */
import { mergeFiberPolygons } from "@myoscope/core/annotations/edit-fiber-polygons";
import { measurePolygonBounds } from "@myoscope/core/annotations/measure-polygon";
import { AppError } from "@myoscope/core/errors/app-error";
import {
  type AnnotationDto,
  findLiveAnnotations,
  insertAnnotation,
  softDeleteAnnotations,
} from "@myoscope/db/annotations";
import { withTransaction } from "@myoscope/db/client";
import type { AppDeps } from "../deps.ts";

export async function mergeFibers(
  deps: Pick<AppDeps, "db">,
  input: { projectId: string; annotationIds: string[]; userId: string },
): Promise<{ annotation: AnnotationDto; deletedIds: string[] }> {
  const ids = [...new Set(input.annotationIds)];
  const fibers = await findLiveAnnotations(deps.db, { ...input, annotationIds: ids });
  if (fibers.length !== ids.length) throw new AppError("NOT_FOUND", "annotation not found");
  if (fibers.some((a) => a.kind !== "fiber")) {
    throw new AppError("BAD_REQUEST", "only fiber annotations can be merged");
  }
  const sectionId = fibers[0]?.sectionId ?? "";
  if (fibers.some((a) => a.sectionId !== sectionId)) {
    throw new AppError("BAD_REQUEST", "fibers to merge must be on one section");
  }
  const geometry = mergeFiberPolygons(fibers.map((a) => a.geometry));
  return withTransaction(deps.db, async (tx) => {
    const deleted = await softDeleteAnnotations(tx, { ...input, annotationIds: ids });
    if (deleted !== ids.length) {
      throw new AppError("CONFLICT", "one of the fibers was deleted meanwhile; nothing merged");
    }
    const annotation = await insertAnnotation(tx, {
      projectId: input.projectId,
      sectionId,
      authorId: input.userId,
      kind: "fiber",
      label: "",
      shape: "merged",
      geometry,
      bounds: measurePolygonBounds(geometry),
    });
    return { annotation, deletedIds: ids };
  });
}
