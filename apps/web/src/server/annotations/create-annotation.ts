/**
 * @module annotations/create-annotation
 * Validates a drawn polygon against its section and stores it.
 */
import {
  type AnnotationKind,
  normalizeAnnotationLabel,
} from "@myoscope/core/annotations/annotation-classes";
import { measurePolygonBounds } from "@myoscope/core/annotations/measure-polygon";
import { validatePolygon } from "@myoscope/core/annotations/polygon-geometry";
import { type AnnotationDto, insertAnnotation } from "@myoscope/db/annotations";
import type { AppDeps } from "../deps.ts";
import { scheduleRegionRefresh } from "../segmentation/schedule-region-refresh.ts";
import { findAnnotatableSection } from "./find-annotatable-section.ts";

export async function createAnnotation(
  deps: Pick<AppDeps, "db" | "getQueue">,
  input: {
    projectId: string;
    sectionId: string;
    userId: string;
    kind: AnnotationKind;
    label: string;
    shape: string;
    geometry: unknown;
  },
): Promise<AnnotationDto> {
  const section = await findAnnotatableSection(deps.db, input);
  const label = normalizeAnnotationLabel(input);
  const geometry = validatePolygon(input.geometry, section);
  const annotation = await insertAnnotation(deps.db, {
    projectId: input.projectId,
    sectionId: section.id,
    authorId: input.userId,
    kind: input.kind,
    label,
    shape: input.shape,
    geometry,
    bounds: measurePolygonBounds(geometry),
  });
  await scheduleRegionRefresh(deps, { ...input, sectionId: section.id, kinds: [annotation.kind] });
  return annotation;
}
