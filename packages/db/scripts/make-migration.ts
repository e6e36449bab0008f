/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that
 * turns the last committed schema (git HEAD) into the working schema.
 * The first migration is diffed from an empty database.
 *
 *   npm run db:diff -- add_segmentation_runs
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const migrationsDir = join(repoRoot, "prisma/migrations");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:diff -- <snake_case_name>");
  process.exit(2);
}

const hasMigrations =
  existsSync(migrationsDir) && readdirSync(migrationsDir).some((d) => /^\d{14}_/.test(d));
let from = ["--from-empty"];
if (hasMigrations) {
  const old = execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: repoRoot });
  const oldPath = join(mkdtempSync(join(tmpdir(), "schema-")), "schema.prisma");
  writeFileSync(oldPath, old);
  from = ["--from-schema-datamodel", oldPath];
}

const dummyDir = mkdtempSync(join(tmpdir(), "prisma-offline-"));
const dummy = join(dummyDir, "no-native-engine");
writeFileSync(dummy, "#!/bin/sh\nexit 1\n", { mode: 0o755 });
const result = spawnSync(
  process.execPath,
  [
    join(repoRoot, "node_modules/prisma/build/index.js"),
    "migrate",
    "diff",
    ...from,
    "--to-schema-datamodel",
    "prisma/schema.prisma",
    "--script",
  ],
  {
    cwd: repoRoot,
    encoding: "utf8",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: dummy,
      PRISMA_QUERY_ENGINE_LIBRARY: dummy,
      CHECKPOINT_DISABLE: "1",
    },
  },
);
if (result.status !== 0) {
  console.error(result.stderr);
  process.exit(result.status ?? 1);
}
const sql = result.stdout.trim();
if (sql === "" || sql === "-- This is an empty migration.") {
  console.log("schema unchanged: no migration written");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "migration.sql"), `${sql}\n`);
console.log(`wrote ${dir}/migration.sql`);
