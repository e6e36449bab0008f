/**
 * @module annotation-router
 * Thin tRPC procedures for annotations: validate with zod, call one domain function.
 * Reading needs `viewer`, drawing and editing `annotator`.
 */
import { acceptFibers } from "../../annotations/accept-fibers.ts";
import {
  acceptFibersSchema,
  annotationChangesSchema,
  annotationVersionSchema,
  createAnnotationSchema,
  importGeoJsonSchema,
  importImageJRoisSchema,
  listAnnotationsSchema,
  mergeFibersSchema,
  splitFiberSchema,
  updateAnnotationSchema,
} from "../../annotations/annotation-schemas.ts";
import { createAnnotation } from "../../annotations/create-annotation.ts";
import { deleteAnnotation } from "../../annotations/delete-annotation.ts";
import { exportAnnotationsGeoJson } from "../../annotations/export-annotations-geojson.ts";
import { importAnnotationsGeoJson } from "../../annotations/import-annotations-geojson.ts";
import { importImageJRois } from "../../annotations/import-imagej-rois.ts";
import { listAnnotationChanges } from "../../annotations/list-annotation-changes.ts";
import { listSectionAnnotations } from "../../annotations/list-section-annotations.ts";
import { listSectionAuthors } from "../../annotations/list-section-authors.ts";
import { mergeFibers } from "../../annotations/merge-fibers.ts";
import { restoreAnnotation } from "../../annotations/restore-annotation.ts";
import { splitFiber } from "../../annotations/split-fiber.ts";
import { updateAnnotation } from "../../annotations/update-annotation.ts";
import { createTRPCRouter, projectProcedure } from "../trpc.ts";

export const annotationRouter = createTRPCRouter({
  list: projectProcedure("viewer")
    .input(listAnnotationsSchema)
    .query(({ ctx, input }) => listSectionAnnotations(ctx, input)),

  /** Everything changed at or after `since`, tombstones included; poll with the returned cursor. */
  changes: projectProcedure("viewer")
    .input(annotationChangesSchema)
    .query(({ ctx, input }) => listAnnotationChanges(ctx, input)),

  authors: projectProcedure("viewer")
    .input(listAnnotationsSchema.pick({ sectionId: true }))
    .query(({ ctx, input }) => listSectionAuthors(ctx, input)),

  exportGeoJson: projectProcedure("viewer")
    .input(listAnnotationsSchema)
    .query(({ ctx, input }) => exportAnnotationsGeoJson(ctx, input)),

  create: projectProcedure("annotator")
    .input(createAnnotationSchema)
    .mutation(({ ctx, input }) => createAnnotation(ctx, { ...input, userId: ctx.user.id })),

  update: projectProcedure("annotator")
    .input(updateAnnotationSchema)
    .mutation(({ ctx, input }) => updateAnnotation(ctx, { ...input, userId: ctx.user.id })),

  delete: projectProcedure("annotator")
    .input(annotationVersionSchema)
    .mutation(({ ctx, input }) => deleteAnnotation(ctx, { ...input, userId: ctx.user.id })),

  /** Undo of a delete. */
  restore: projectProcedure("annotator")
    .input(annotationVersionSchema)
    .mutation(({ ctx, input }) => restoreAnnotation(ctx, { ...input, userId: ctx.user.id })),

  /** Fiji ROIs (.roi or RoiSet.zip) as annotations of one kind; all or nothing. */
  importImageJRois: projectProcedure("annotator")
    .input(importImageJRoisSchema)
    .mutation(({ ctx, input: { base64, ...input } }) =>
      importImageJRois(ctx, {
        ...input,
        bytes: Buffer.from(base64, "base64"),
        userId: ctx.user.id,
      }),
    ),

  /** All or nothing: one invalid feature and nothing is imported. */
  importGeoJson: projectProcedure("annotator")
    .input(importGeoJsonSchema)
    .mutation(({ ctx, input }) => importAnnotationsGeoJson(ctx, { ...input, userId: ctx.user.id })),

  acceptFibers: projectProcedure("annotator")
    .input(acceptFibersSchema)
    .mutation(({ ctx, input }) => acceptFibers(ctx, { ...input, userId: ctx.user.id })),

  mergeFibers: projectProcedure("annotator")
    .input(mergeFibersSchema)
    .mutation(({ ctx, input }) => mergeFibers(ctx, { ...input, userId: ctx.user.id })),

  splitFiber: projectProcedure("annotator")
    .input(splitFiberSchema)
    .mutation(({ ctx, input }) => splitFiber(ctx, { ...input, userId: ctx.user.id })),
});
