/**
 * @module annotations/export-annotations-geojson
 * A section's live annotations as QuPath-compatible GeoJSON.
 */
import type { AnnotationKind } from "@myoscope/core/annotations/annotation-classes";
import {
  type AnnotationFeatureCollection,
  exportAnnotationsGeoJson as toFeatureCollection,
} from "@myoscope/core/annotations/annotations-geojson";
import type { AppDeps } from "../deps.ts";
import { listSectionAnnotations } from "./list-section-annotations.ts";

export async function exportAnnotationsGeoJson(
  deps: Pick<AppDeps, "db">,
  input: { projectId: string; sectionId: string; kinds?: AnnotationKind[] },
): Promise<AnnotationFeatureCollection> {
  return toFeatureCollection(await listSectionAnnotations(deps, input));
}
