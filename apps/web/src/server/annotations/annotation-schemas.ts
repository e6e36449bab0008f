/**
 * @module annotations/annotation-schemas
 * zod schemas of the annotation procedures' inputs, shared by the router and the UI.
 */
import { ANNOTATION_KINDS } from "@myoscope/core/annotations/annotation-classes";
import { z } from "zod";

export const ANNOTATION_SHAPES = [
  "polygon",
  "rectangle",
  "freehand",
  "square",
  "imported",
  "segmentation",
  "merged",
  "split",
] as const;
export type AnnotationShape = (typeof ANNOTATION_SHAPES)[number];

export const annotationKindSchema = z.enum(ANNOTATION_KINDS);
export const annotationShapeSchema = z.enum(ANNOTATION_SHAPES);
const id = z.string().min(1).max(64);
/** Shape only; bounds, closure and vertex limits are checked by `validatePolygon`. */
export const geometryInputSchema = z.object({
  type: z.literal("Polygon"),
  coordinates: z
    .array(z.array(z.array(z.number()).min(2).max(3)).max(100_000))
    .min(1)
    .max(1_000),
});

export const createAnnotationSchema = z.object({
  sectionId: id,
  kind: annotationKindSchema,
  label: z.string().max(100).default(""),
  shape: annotationShapeSchema.default("polygon"),
  geometry: geometryInputSchema,
});

export const updateAnnotationSchema = z.object({
  annotationId: id,
  version: z.number().int().min(1),
  kind: annotationKindSchema.optional(),
  label: z.string().max(100).optional(),
  geometry: geometryInputSchema.optional(),
});

export const annotationVersionSchema = z.object({
  annotationId: id,
  version: z.number().int().min(1),
});

export const listAnnotationsSchema = z.object({
  sectionId: id,
  kinds: z.array(annotationKindSchema).min(1).max(4).optional(),
});

export const annotationChangesSchema = z.object({ sectionId: id, since: z.date() });

/** GeoJSON text as read from a file, parsed on the server so bad JSON gets a clear error. */
export const importGeoJsonSchema = z.object({
  sectionId: id,
  text: z
    .string()
    .min(1)
    .max(100 * 1024 * 1024),
});

/** A `.roi` or RoiSet.zip as base64 (tRPC carries JSON), and what its ROIs are. */
export const importImageJRoisSchema = z.object({
  sectionId: id,
  fileName: z.string().trim().min(1).max(255),
  base64: z
    .string()
    .min(1)
    .max(Math.ceil((32 * 1024 * 1024 * 4) / 3)),
  kind: annotationKindSchema,
});

export const acceptFibersSchema = z.object({ runId: id });

export const mergeFibersSchema = z.object({
  annotationIds: z.array(id).min(2).max(50),
});

export const splitFiberSchema = z.object({
  annotationId: id,
  version: z.number().int().min(1),
  line: z
    .array(z.tuple([z.number(), z.number()]))
    .min(2)
    .max(1_000),
});
