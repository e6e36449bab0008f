import { z } from "zod";
import { defineJob } from "../define-job.ts";

/**
 * Tiles a succeeded synthesis run into a training dataset zip. The split and
 * tiles depend only on the run's files and the export's parameters, so a retry
 * rewrites the same zip over whatever a crashed attempt left.
 */
export const trainingExportJob = defineJob({
  name: "training.export",
  title: "Training export",
  payload: z.object({ exportId: z.string().min(1) }),
  retry: { limit: 2, delaySeconds: 10, backoff: true },
  timeoutSeconds: 60 * 60,
});
