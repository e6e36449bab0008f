/**
 * @module annotations/import-annotations-geojson
 * Imports a GeoJSON file (QuPath or our own export) into a section: every
 * feature is validated first and all of them are inserted in one
 * transaction, so a bad file changes nothing.
 */

import { normalizeAnnotationLabel } from "@myoscope/core/annotations/annotation-classes";
import { parseAnnotationsGeoJson } from "@myoscope/core/annotations/annotations-geojson";
import { measurePolygonBounds } from "@myoscope/core/annotations/measure-polygon";
import { AppError } from "@myoscope/core/errors/app-error";
import { insertAnnotations, lockSectionAnnotations } from "@myoscope/db/annotations";
import { withTransaction } from "@myoscope/db/client";
import type { AppDeps } from "../deps.ts";
import { scheduleRegionRefresh } from "../segmentation/schedule-region-refresh.ts";
import { ANNOTATION_SHAPES } from "./annotation-schemas.ts";
import { findAnnotatableSection } from "./find-annotatable-section.ts";

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("BAD_REQUEST", `not valid JSON: ${(error as Error).message}`);
  }
}

export async function importAnnotationsGeoJson(
  deps: Pick<AppDeps, "db" | "getQueue">,
  input: { projectId: string; sectionId: string; userId: string; text: string },
): Promise<{ count: number }> {
  const section = await findAnnotatableSection(deps.db, input);
  const parsed = parseAnnotationsGeoJson(parseJson(input.text), section);
  if (parsed.length === 0) throw new AppError("BAD_REQUEST", "the file holds no polygons");
  const rows = parsed.map((a) => {
    let label: string;
    try {
      label = normalizeAnnotationLabel(a);
    } catch (error) {
      throw new AppError("BAD_REQUEST", `feature ${a.featureIndex}: ${(error as Error).message}`);
    }
    return {
      kind: a.kind,
      label,
      shape: (ANNOTATION_SHAPES as readonly string[]).includes(a.shape) ? a.shape : "imported",
      geometry: a.geometry,
      bounds: measurePolygonBounds(a.geometry),
    };
  });
  const count = await withTransaction(
    deps.db,
    async (tx) => {
      await lockSectionAnnotations(tx, section.id);
      return insertAnnotations(tx, {
        projectId: input.projectId,
        sectionId: section.id,
        authorId: input.userId,
        rows,
      });
    },
    { timeoutMs: 120_000 },
  );
  await scheduleRegionRefresh(deps, {
    ...input,
    sectionId: section.id,
    kinds: rows.map((row) => row.kind),
  });
  return { count };
}
