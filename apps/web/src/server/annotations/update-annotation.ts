/**
 * @module annotations/update-annotation
 * Edits an annotation's geometry, kind or label if nobody changed it since
 * `version` (else CONFLICT, nothing written).
 */
import {
  type AnnotationKind,
  normalizeAnnotationLabel,
} from "@myoscope/core/annotations/annotation-classes";
import { measurePolygonBounds } from "@myoscope/core/annotations/measure-polygon";
import { validatePolygon } from "@myoscope/core/annotations/polygon-geometry";
import { AppError } from "@myoscope/core/errors/app-error";
import {
  type AnnotationDto,
  findAnnotation,
  updateAnnotation as updateAnnotationRow,
} from "@myoscope/db/annotations";
import type { AppDeps } from "../deps.ts";
import { scheduleRegionRefresh } from "../segmentation/schedule-region-refresh.ts";
import { findAnnotatableSection } from "./find-annotatable-section.ts";
import { resolveAnnotationWrite } from "./resolve-annotation-write.ts";

export async function updateAnnotation(
  deps: Pick<AppDeps, "db" | "getQueue">,
  input: {
    projectId: string;
    annotationId: string;
    version: number;
    userId: string;
    kind?: AnnotationKind;
    label?: string;
    geometry?: unknown;
  },
): Promise<AnnotationDto> {
  const current = await findAnnotation(deps.db, input);
  if (!current) throw new AppError("NOT_FOUND", "annotation not found");
  const section = await findAnnotatableSection(deps.db, {
    projectId: input.projectId,
    sectionId: current.sectionId,
  });
  const kind = input.kind ?? current.kind;
  const label =
    input.kind !== undefined || input.label !== undefined
      ? normalizeAnnotationLabel({ kind, label: input.label ?? current.label })
      : undefined;
  const geometry =
    input.geometry === undefined ? undefined : validatePolygon(input.geometry, section);
  const result = await updateAnnotationRow(deps.db, {
    ...input,
    changes: {
      ...(input.kind ? { kind } : {}),
      ...(label !== undefined ? { label } : {}),
      ...(geometry ? { geometry, bounds: measurePolygonBounds(geometry) } : {}),
    },
  });
  const annotation = resolveAnnotationWrite(result, input);
  await scheduleRegionRefresh(deps, {
    ...input,
    sectionId: current.sectionId,
    kinds: [current.kind, annotation.kind],
  });
  return annotation;
}
