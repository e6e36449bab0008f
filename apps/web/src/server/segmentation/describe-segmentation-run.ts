/**
 * @module segmentation/describe-segmentation-run
 * Small facts about a run that routes and pages share.
 */
import type { SegmentationRunDto } from "@myoscope/db/segmentation-runs";

/**
 * The pixel size the run measured at: recorded in its summary, so editing the
 * section's pixel size later does not change the numbers of an existing run.
 */
export function getRunMpp(run: Pick<SegmentationRunDto, "summary" | "section">): number {
  const image = run.summary?.image as { mpp?: unknown } | undefined;
  return typeof image?.mpp === "number" && image.mpp > 0 ? image.mpp : run.section.pixelSizeUm;
}

/** `<section name>-<run id prefix>.fibers.csv`, safe in a Content-Disposition header. */
export function toCsvFileName(run: Pick<SegmentationRunDto, "id" | "section">): string {
  const stem = run.section.name
    .replace(/\.[A-Za-z0-9]{1,5}$/, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return `${stem || "section"}-${run.id.slice(0, 8)}.fibers.csv`;
}
