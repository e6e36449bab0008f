import { z } from "zod";
import { defineJob } from "../define-job.ts";

/** Reads an uploaded image, records its dimensions and writes a thumbnail. */
export const sectionThumbnailJob = defineJob({
  name: "section.thumbnail",
  title: "Image metadata and thumbnail",
  payload: z.object({ sectionId: z.string().min(1) }),
  retry: { limit: 3, delaySeconds: 5, backoff: true },
  timeoutSeconds: 10 * 60,
});
