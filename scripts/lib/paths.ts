/**
 * @module paths
 * Absolute locations the launcher scripts share, independent of the caller's cwd.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Local state of `npm start`: embedded Postgres cluster, secrets, uploaded files. Git-ignored. */
export const DATA_DIR = join(REPO_ROOT, ".data");

export const WEB_DIR = join(REPO_ROOT, "apps/web");
