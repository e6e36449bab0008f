/**
 * @module section-keys
 * Where a section's files live: everything of a section under one prefix, so
 * deleting a section is one prefix delete.
 */

/** Everything of a project; deleting the project deletes this prefix. */
export function getProjectPrefix(projectId: string): string {
  return `projects/${projectId}/`;
}

export function getSectionPrefix(projectId: string, sectionId: string): string {
  return `${getProjectPrefix(projectId)}sections/${sectionId}/`;
}

export function getSectionOriginalKey(
  projectId: string,
  sectionId: string,
  extension: string,
): string {
  return `${getSectionPrefix(projectId, sectionId)}original.${extension}`;
}
