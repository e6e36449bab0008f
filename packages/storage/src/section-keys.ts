/**
 * @module section-keys
 * Where a section's files live: everything of a section under one prefix, so
 * deleting a section is one prefix delete.
 */

export function getSectionPrefix(projectId: string, sectionId: string): string {
  return `projects/${projectId}/sections/${sectionId}/`;
}

export function getSectionOriginalKey(
  projectId: string,
  sectionId: string,
  extension: string,
): string {
  return `${getSectionPrefix(projectId, sectionId)}original.${extension}`;
}
