/**
 * @module viewer/annotations/annotation-store
 * Merging server rows into the client's copy: a row replaces the known one
 * only if its version is newer, so late poll results never undo fresher local
 * results. Tombstones are kept (not drawn) so a stale live copy cannot return.
 */
import type { Annotation } from "./annotation-types.ts";

export function mergeAnnotations(
  known: ReadonlyMap<string, Annotation>,
  incoming: readonly Annotation[],
): Map<string, Annotation> | null {
  let next: Map<string, Annotation> | null = null;
  for (const row of incoming) {
    const current = (next ?? known).get(row.id);
    if (current && current.version >= row.version) continue;
    next ??= new Map(known);
    next.set(row.id, row);
  }
  return next;
}

export function isLive(annotation: Annotation): boolean {
  return annotation.deletedAt === null;
}
