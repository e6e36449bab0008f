/**
 * @module synthesis-keys
 * Where a synthesis run's files live: one prefix per run inside its project.
 */
import { getProjectPrefix } from "./section-keys.ts";

export function getSynthesisRunPrefix(projectId: string, runId: string): string {
  return `${getProjectPrefix(projectId)}synthesis/${runId}/`;
}

export type SynthesisFileKind = "image" | "labels" | "classes" | "thumbnail" | "metadata";

const SUFFIX: Record<SynthesisFileKind, string> = {
  image: ".png",
  labels: ".labels.png",
  classes: ".classes.png",
  thumbnail: ".thumb.jpg",
  metadata: ".json",
};

export function getSynthesisImageKey(
  projectId: string,
  runId: string,
  imageName: string,
  kind: SynthesisFileKind,
): string {
  return `${getSynthesisRunPrefix(projectId, runId)}${imageName}${SUFFIX[kind]}`;
}

/** The zip of one training export of a run. */
export function getTrainingExportKey(projectId: string, runId: string, exportId: string): string {
  return `${getSynthesisRunPrefix(projectId, runId)}exports/${exportId}.zip`;
}
