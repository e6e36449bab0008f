/**
 * @module section-annotation-shapes
 * The annotation polygons that shape a section's segmentation results:
 * regions, ROIs and exclusions (step 6 of the pipeline) and fiber outlines
 * (ground truth for evaluation). Tombstoned annotations are left out; a
 * geometry that is not a readable Polygon is skipped rather than failing a run.
 */
import { type PolygonRings, readPolygonRings } from "@myoscope/core/geometry/polygon-rings";
import type { SectionShapes } from "@myoscope/core/postprocess/assign-section-regions";
import type { DbOrTx } from "./client.ts";

export interface AnnotationShape {
  id: string;
  kind: "roi" | "region" | "exclusion" | "fiber";
  label: string;
  rings: PolygonRings;
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
}

/** Live annotations of the given kinds on a section, oldest first (so "first" is stable). */
export async function listSectionAnnotationShapes(
  db: DbOrTx,
  input: { projectId: string; sectionId: string; kinds: AnnotationShape["kind"][] },
): Promise<AnnotationShape[]> {
  const rows = await db.annotation.findMany({
    where: {
      projectId: input.projectId,
      sectionId: input.sectionId,
      kind: { in: input.kinds },
      deletedAt: null,
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      kind: true,
      label: true,
      geometry: true,
      minX: true,
      minY: true,
      maxX: true,
      maxY: true,
    },
  });
  const shapes: AnnotationShape[] = [];
  for (const { geometry, minX, minY, maxX, maxY, ...row } of rows) {
    const rings = readPolygonRings(geometry);
    if (rings) shapes.push({ ...row, rings, bounds: { minX, minY, maxX, maxY } });
  }
  return shapes;
}

/** Regions, ROIs and exclusions of a section, in the form `assignSectionRegions` takes. */
export async function loadSectionShapes(
  db: DbOrTx,
  input: { projectId: string; sectionId: string },
): Promise<SectionShapes> {
  const shapes = await listSectionAnnotationShapes(db, {
    ...input,
    kinds: ["region", "roi", "exclusion"],
  });
  return {
    regions: shapes
      .filter((shape) => shape.kind === "region" && shape.label.trim() !== "")
      .map(({ label, rings }) => ({ name: label.trim(), rings })),
    rois: shapes.filter((shape) => shape.kind === "roi").map(({ id, rings }) => ({ id, rings })),
    exclusions: shapes
      .filter((shape) => shape.kind === "exclusion")
      .map(({ rings }) => ({ rings })),
  };
}

/** Number of live fiber annotations on a section (ground truth for evaluation). */
export async function countSectionFiberAnnotations(
  db: DbOrTx,
  input: { projectId: string; sectionId: string },
): Promise<number> {
  return db.annotation.count({
    where: {
      projectId: input.projectId,
      sectionId: input.sectionId,
      kind: "fiber",
      deletedAt: null,
    },
  });
}
