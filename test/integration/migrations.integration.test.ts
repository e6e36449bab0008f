import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations } from "@myoscope/db/migrate";
import { MIGRATIONS_DIR } from "@myoscope/db/paths";
import pg from "pg";
import { afterEach, describe, expect, inject, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  applied_steps_count: number;
}

async function queryRows<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function readMigrationRows(url: string): Promise<MigrationRow[]> {
  return queryRows<MigrationRow>(
    url,
    `SELECT migration_name, checksum, finished_at, applied_steps_count
     FROM "_prisma_migrations" ORDER BY migration_name`,
  );
}

async function listMigrationNames(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** A scratch copy of prisma/migrations that a test may edit. */
async function copyMigrationsDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "myoscope-migrations-"));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe("applyMigrations(url, dir)", () => {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function createEmptyDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase({
      serverUrl: inject("databaseServerUrl"),
      isMigrated: false,
    });
    cleanups.push(() => database.drop());
    return database;
  }

  async function createScratchMigrationsDir(): Promise<string> {
    const dir = await copyMigrationsDir();
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  test("records every migration with the sha256 of its file, as Prisma does", async () => {
    const url = inject("databaseUrl");
    const names = await listMigrationNames();

    const rows = await readMigrationRows(url);

    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = await readFile(join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
  });

  test("is idempotent: a second run applies nothing and adds no rows", async () => {
    const url = inject("databaseUrl");
    const names = await listMigrationNames();

    const result = await applyMigrations(url, MIGRATIONS_DIR);

    expect(result).toEqual({ applied: [], alreadyApplied: names.length });
    expect(await readMigrationRows(url)).toHaveLength(names.length);
  });

  test("applies all migrations to an empty database, once even when two runners race", async () => {
    const database = await createEmptyDatabase();
    const names = await listMigrationNames();

    const results = await Promise.all([
      applyMigrations(database.url, MIGRATIONS_DIR),
      applyMigrations(database.url, MIGRATIONS_DIR),
    ]);

    expect(results.flatMap((result) => result.applied).sort()).toEqual(names);
    expect(await readMigrationRows(database.url)).toHaveLength(names.length);
    const tables = await queryRows<{ count: string }>(
      database.url,
      `SELECT count(*) FROM information_schema.tables
       WHERE table_schema = 'public' AND table_name IN ('users', 'projects', 'sections', 'jobs')`,
    );
    expect(tables[0]?.count).toBe("4");
  });

  test("refuses to run when an applied migration was edited", async () => {
    const url = inject("databaseUrl");
    const dir = await createScratchMigrationsDir();
    const [first] = await listMigrationNames();
    const file = join(dir, String(first), "migration.sql");
    await writeFile(file, `${await readFile(file, "utf8")}\n-- edited after release\n`);

    await expect(applyMigrations(url, dir)).rejects.toThrow(
      `migration ${first} was edited after it was applied`,
    );
  });

  test("applies a new migration after the existing ones and records it", async () => {
    const database = await createTestDatabase({ serverUrl: inject("databaseServerUrl") });
    cleanups.push(() => database.drop());
    const dir = await createScratchMigrationsDir();
    const name = "29991231000000_add_test_table";
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, "migration.sql"), "CREATE TABLE later_table (id int);\n");

    const result = await applyMigrations(database.url, dir);

    expect(result.applied).toEqual([name]);
    const rows = await readMigrationRows(database.url);
    expect(rows.at(-1)?.migration_name).toBe(name);
    expect(await queryRows(database.url, "SELECT * FROM later_table")).toEqual([]);
  });

  test("rolls a failing migration back completely and records nothing for it", async () => {
    const database = await createTestDatabase({ serverUrl: inject("databaseServerUrl") });
    cleanups.push(() => database.drop());
    const dir = await createScratchMigrationsDir();
    const name = "29991231000000_broken";
    await mkdir(join(dir, name));
    await writeFile(
      join(dir, name, "migration.sql"),
      "CREATE TABLE half_done (id int);\nALTER TABLE no_such_table ADD COLUMN x int;\n",
    );

    await expect(applyMigrations(database.url, dir)).rejects.toThrow(`migration ${name} failed`);

    const rows = await readMigrationRows(database.url);
    expect(rows.map((row) => row.migration_name)).not.toContain(name);
    const tables = await queryRows(
      database.url,
      "SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'",
    );
    expect(tables).toEqual([]);
  });
});
