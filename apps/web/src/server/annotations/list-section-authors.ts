/**
 * @module annotations/list-section-authors
 * Who annotated a section, for the per-author visibility toggles.
 */
import { type AnnotationAuthorDto, listAnnotationAuthors } from "@myoscope/db/annotations";
import type { AppDeps } from "../deps.ts";
import { requireSectionOfProject } from "./find-annotatable-section.ts";

export async function listSectionAuthors(
  deps: Pick<AppDeps, "db">,
  input: { projectId: string; sectionId: string },
): Promise<AnnotationAuthorDto[]> {
  await requireSectionOfProject(deps.db, input);
  return listAnnotationAuthors(deps.db, input);
}
