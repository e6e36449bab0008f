import { z } from "zod";
import { defineJob } from "../define-job.ts";

/**
 * Renders every image of a synthesis run into storage and records them.
 * Deterministic per (run seed, image index), so a retry reproduces the same
 * files and simply overwrites what a crashed attempt left.
 */
export const synthesisRunJob = defineJob({
  name: "synthesis.run",
  title: "Synthetic dataset",
  payload: z.object({ runId: z.string().min(1) }),
  retry: { limit: 2, delaySeconds: 10, backoff: true },
  timeoutSeconds: 60 * 60,
});
