/**
 * @module annotations/list-section-annotations
 * The live annotations of a section of the project.
 */
import type { AnnotationKind } from "@myoscope/core/annotations/annotation-classes";
import { type AnnotationDto, listAnnotations } from "@myoscope/db/annotations";
import type { AppDeps } from "../deps.ts";
import { requireSectionOfProject } from "./find-annotatable-section.ts";

export async function listSectionAnnotations(
  deps: Pick<AppDeps, "db">,
  input: { projectId: string; sectionId: string; kinds?: AnnotationKind[] },
): Promise<AnnotationDto[]> {
  await requireSectionOfProject(deps.db, input);
  return listAnnotations(deps.db, { ...input, since: undefined });
}
