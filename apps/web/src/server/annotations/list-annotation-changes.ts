/**
 * @module annotations/list-annotation-changes
 * What changed on a section since a cursor, for polling clients.
 */
import { type AnnotationDto, listAnnotations } from "@myoscope/db/annotations";
import type { AppDeps } from "../deps.ts";
import { requireSectionOfProject } from "./find-annotatable-section.ts";

/**
 * The next cursor lags "now" by this much: a row written by a transaction
 * that started before this poll but commits after it carries an earlier
 * `updatedAt`, and would otherwise be skipped. Clients ignore versions they have.
 */
const OVERLAP_MS = 5_000;

export async function listAnnotationChanges(
  deps: Pick<AppDeps, "db">,
  input: { projectId: string; sectionId: string; since: Date },
): Promise<{ annotations: AnnotationDto[]; cursor: Date }> {
  await requireSectionOfProject(deps.db, input);
  const cursor = new Date(Date.now() - OVERLAP_MS);
  const annotations = await listAnnotations(deps.db, input);
  return { annotations, cursor };
}
