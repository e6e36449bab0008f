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

export function getSectionThumbnailKey(projectId: string, sectionId: string): string {
  return `${getSectionPrefix(projectId, sectionId)}thumbnail.png`;
}

/**
 * The DeepZoom pyramid of one ingest attempt: `<prefix>.dzi` and `<prefix>_files/`.
 * Each build gets a fresh `version`, so a published pyramid is never rewritten
 * (tiles can be cached as immutable) and a retry never touches the live one.
 */
export function getSectionPyramidKey(
  projectId: string,
  sectionId: string,
  version: string,
): string {
  return `${getSectionPyramidDir(projectId, sectionId, version)}image`;
}

/** The folder holding one pyramid version; deleting it deletes that pyramid. */
export function getSectionPyramidDir(
  projectId: string,
  sectionId: string,
  version: string,
): string {
  return `${getSectionPrefix(projectId, sectionId)}pyramid-${version}/`;
}

/** Where a pyramid is built before it is renamed into place. */
export function getSectionPyramidBuildDir(
  projectId: string,
  sectionId: string,
  version: string,
): string {
  return `${getSectionPrefix(projectId, sectionId)}pyramid-${version}.partial/`;
}

/** The folder of a chunked upload in progress (chunks and its session record). */
export function getUploadPrefix(projectId: string, uploadId: string): string {
  return `${getProjectPrefix(projectId)}uploads/${uploadId}/`;
}
