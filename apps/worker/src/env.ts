/**
 * The worker's only reader of process.env. Everything else gets configuration
 * as arguments.
 */
import { resolve } from "node:path";
import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgres:// URL" }),
  STORAGE_DIR: z.string().default(".data/storage"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  WORKER_POLL_INTERVAL_S: z.coerce.number().min(0.5).max(60).default(1),
  WORKER_MAINTENANCE_INTERVAL_S: z.coerce.number().int().min(1).max(3600).default(30),
  /** Fault injection for crash tests, e.g. `section.thumbnail.before-commit=sleep(5000)`. */
  MYOSCOPE_FAILPOINTS: z.string().default(""),
  /** Chunked uploads nobody wrote to for this long are deleted (checked hourly). */
  UPLOAD_MAX_IDLE_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 365)
    .default(24),
  /** Sections above this many pixels are post-processed in tiles (bounded memory). */
  MYOSCOPE_WHOLE_IMAGE_MAX_PIXELS: z.coerce
    .number()
    .int()
    .min(1)
    .default(256 * 1024 * 1024),
});

export type WorkerEnv = z.infer<typeof schema> & { STORAGE_DIR: string };

export function readWorkerEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid worker configuration:\n${issues.join("\n")}`);
  }
  return { ...parsed.data, STORAGE_DIR: resolve(parsed.data.STORAGE_DIR) };
}
