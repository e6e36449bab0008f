/**
 * @module segmentation-keys
 * Where a segmentation run's masks live: one prefix per run inside its section's
 * prefix, so deleting a section (or its subject, or the project) deletes the
 * masks of every run made of it.
 */
import { getSectionPrefix } from "./section-keys.ts";

export function getSegmentationRunPrefix(
  projectId: string,
  sectionId: string,
  runId: string,
): string {
  return `${getSectionPrefix(projectId, sectionId)}segmentations/${runId}/`;
}

/**
 * `labels`: 16-bit post-processed fiber labels (= `Fiber.label`); `overlay`: outlines over
 * the section; `thickness`: local-thickness colour map; `muscle`: 8-bit muscle mask of the
 * Segmentation mask (255 inside); `connective`: 8-bit connective tissue of the Segmentation
 * mask (255 on tissue). All at the section's resolution.
 */
export type SegmentationFileKind = "labels" | "overlay" | "thickness" | "muscle" | "connective";

const FILE_NAME: Record<SegmentationFileKind, string> = {
  labels: "labels.png",
  overlay: "overlay.png",
  thickness: "thickness.png",
  muscle: "muscle.png",
  connective: "connective.png",
};

export function getSegmentationFileKey(
  run: { projectId: string; sectionId: string; id: string },
  kind: SegmentationFileKind,
): string {
  return `${getSegmentationRunPrefix(run.projectId, run.sectionId, run.id)}${FILE_NAME[kind]}`;
}
