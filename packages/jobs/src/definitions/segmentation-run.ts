import { z } from "zod";
import { defineJob } from "../define-job.ts";

/**
 * Segments one section with one model and parameter set, then writes its
 * fibers, summary and masks. The commit replaces any earlier results of the
 * run, so a retry or a re-run never leaves a mix.
 */
export const segmentationRunJob = defineJob({
  name: "segmentation.run",
  title: "Fiber segmentation",
  payload: z.object({ runId: z.string().min(1) }),
  retry: { limit: 2, delaySeconds: 15, backoff: true },
  timeoutSeconds: 2 * 60 * 60,
});
