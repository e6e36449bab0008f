import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of prisma/migrations in this checkout. */
export const MIGRATIONS_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../prisma/migrations",
);
