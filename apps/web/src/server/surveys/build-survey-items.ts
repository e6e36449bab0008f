/**
 * @module surveys/build-survey-items
 * Turns the designer's ROI choice into survey items: existing ROI annotations
 * (their bounding box) and/or N generated squares of a fixed size in µm per
 * section inside named region annotations (deterministic from the survey seed).
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { placeSquareRois } from "@myoscope/core/surveys/place-square-rois";
import { deriveSeed } from "@myoscope/core/surveys/seeded-random";
import type { DbOrTx } from "@myoscope/db/client";
import {
  listSurveyAnnotations,
  listSurveySections,
  type SurveyItemInput,
} from "@myoscope/db/surveys";

export interface GenerateRoisInput {
  sectionIds: string[];
  sizeUm: number;
  /** e.g. [{ label: "M. soleus", count: 1 }, { label: "M. gastrocnemius", count: 2 }] */
  regions: { label: string; count: number }[];
}

type Polygon = number[][][];

/** GeoJSON Polygon or MultiPolygon → list of polygons (rings of [x, y]). */
function readPolygons(geometry: unknown): Polygon[] {
  if (geometry === null || typeof geometry !== "object") return [];
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type === "Polygon" && Array.isArray(coordinates)) return [coordinates as Polygon];
  if (type === "MultiPolygon" && Array.isArray(coordinates)) return coordinates as Polygon[];
  return [];
}

export async function buildSurveyItems(
  db: DbOrTx,
  input: {
    projectId: string;
    seed: number;
    roiAnnotationIds: readonly string[];
    generate: GenerateRoisInput | null;
  },
): Promise<SurveyItemInput[]> {
  const items: SurveyItemInput[] = [];
  if (input.roiAnnotationIds.length > 0) {
    const rois = await listSurveyAnnotations(db, {
      projectId: input.projectId,
      annotationIds: input.roiAnnotationIds,
    });
    const byId = new Map(rois.map((r) => [r.id, r]));
    for (const id of input.roiAnnotationIds) {
      const roi = byId.get(id);
      if (!roi) throw new AppError("NOT_FOUND", `ROI annotation ${id} not found`);
      if (roi.kind !== "roi") {
        throw new AppError("BAD_REQUEST", `annotation ${id} is a ${roi.kind}, not an ROI`);
      }
      const x = Math.floor(roi.minX);
      const y = Math.floor(roi.minY);
      items.push({
        sectionId: roi.sectionId,
        annotationId: roi.id,
        x,
        y,
        width: Math.max(1, Math.ceil(roi.maxX) - x),
        height: Math.max(1, Math.ceil(roi.maxY) - y),
      });
    }
  }
  if (input.generate) items.push(...(await generateRoiItems(db, { ...input, ...input.generate })));
  return items;
}

async function generateRoiItems(
  db: DbOrTx,
  input: { projectId: string; seed: number } & GenerateRoisInput,
): Promise<SurveyItemInput[]> {
  const sections = await listSurveySections(db, input);
  if (sections.length !== new Set(input.sectionIds).size) {
    throw new AppError("NOT_FOUND", "a section of the ROI generation was not found");
  }
  const regions = await listSurveyAnnotations(db, {
    projectId: input.projectId,
    sectionIds: input.sectionIds,
  });
  const items: SurveyItemInput[] = [];
  for (const sectionId of input.sectionIds) {
    const section = sections.find((s) => s.id === sectionId);
    if (!section) continue;
    const sizePx = Math.round(input.sizeUm / section.pixelSizeUm);
    for (const spec of input.regions) {
      if (spec.count === 0) continue;
      const wanted = spec.label.trim().toLowerCase();
      const polygons = regions
        .filter(
          (r) =>
            r.sectionId === sectionId &&
            r.kind === "region" &&
            r.label.trim().toLowerCase() === wanted,
        )
        .flatMap((r) => readPolygons(r.geometry));
      if (polygons.length === 0) {
        throw new AppError(
          "BAD_REQUEST",
          `section "${section.name}" has no region named "${spec.label}"`,
        );
      }
      // The first polygon that holds all squares; regions drawn in pieces are
      // tried in turn rather than merged.
      let placed: ReturnType<typeof placeSquareRois> | null = null;
      let lastError = "";
      for (const [k, polygon] of polygons.entries()) {
        try {
          const seed = deriveSeed(input.seed, `roi:${sectionId}:${wanted}:${k}`);
          placed = placeSquareRois(polygon, sizePx, spec.count, seed);
          break;
        } catch (error) {
          lastError = error instanceof Error ? error.message : String(error);
        }
      }
      if (!placed) {
        throw new AppError(
          "BAD_REQUEST",
          `cannot place ${spec.count} ROIs of ${input.sizeUm} µm in "${spec.label}" of section "${section.name}": ${lastError}`,
        );
      }
      for (const square of placed) {
        items.push({
          sectionId,
          annotationId: null,
          x: square.x,
          y: square.y,
          width: square.size,
          height: square.size,
        });
      }
    }
  }
  return items;
}
