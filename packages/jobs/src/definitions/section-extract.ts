import { z } from "zod";
import { defineJob } from "../define-job.ts";

/**
 * Cuts a region (or the whole image) out of a source section at a chosen pixel
 * size, e.g. the paper's 0.22 → 0.66 µm/px, stores it as the original of an
 * already inserted section, then ingests it like an upload (thumbnail, pyramid).
 */
export const sectionExtractJob = defineJob({
  name: "section.extract",
  title: "Region extraction",
  payload: z.object({ sectionId: z.string().min(1) }),
  retry: { limit: 2, delaySeconds: 10, backoff: true },
  timeoutSeconds: 60 * 60,
});
