import { z } from "zod";
import { defineJob } from "../define-job.ts";

/**
 * Re-applies a section's region, ROI and exclusion annotations to every
 * succeeded segmentation run of the section: fibers' regionName, roiId and
 * inExclusion, `summary.regions` (connective tissue recomputed from the stored
 * masks) and the fiber summaries, all runs in one transaction. Idempotent, so
 * enqueueing it twice after a burst of edits is harmless.
 */
export const segmentationRegionsJob = defineJob({
  name: "segmentation.regions",
  title: "Apply regions and exclusions",
  payload: z.object({ projectId: z.string().min(1), sectionId: z.string().min(1) }),
  retry: { limit: 2, delaySeconds: 10, backoff: true },
  timeoutSeconds: 30 * 60,
});
