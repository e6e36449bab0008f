/**
 * The web app's only reader of process.env, validated on first use (not at
 * import, so `next build` needs no database).
 */
import { resolve } from "node:path";
import { z } from "zod";

const optional = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

const schema = z.object({
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgres:// URL" }),
  AUTH_SECRET: z.string().min(16, { message: "AUTH_SECRET must be at least 16 characters" }),
  STORAGE_DIR: z.string().default(".data/storage"),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(2048),
  AUTH_GITHUB_ID: optional,
  AUTH_GITHUB_SECRET: optional,
  AUTH_GOOGLE_ID: optional,
  AUTH_GOOGLE_SECRET: optional,
});

export type WebEnv = z.infer<typeof schema>;

let cached: WebEnv | undefined;

export function getEnv(): WebEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid web configuration:\n${issues.join("\n")}`);
  }
  cached = { ...parsed.data, STORAGE_DIR: resolve(parsed.data.STORAGE_DIR) };
  return cached;
}
