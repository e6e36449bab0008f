import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { createDb, type Db } from "@myoscope/db/client";
import { insertJob, markJobRunning, updateJobProgress } from "@myoscope/db/jobs";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createTestProject, createTestUser } from "../support/factories.ts";
import { REPO_ROOT } from "../support/real-images.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

const CLI = join(REPO_ROOT, "apps/worker/bin/myoscope.js");

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

describe("myoscope CLI", () => {
  // Its own database: the shared one gets jobs from other files at any moment,
  // and this test asserts the CLI's whole output.
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase({ serverUrl: inject("databaseServerUrl") });
    db = createDb(database.url, { poolSize: 2 });
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  test("`jobs --limit 5` prints one progress-bar line per recent job, newest first", async () => {
    const user = await createTestUser(db);
    const project = await createTestProject(db, { ownerId: user.id });
    const insertThumbnailJob = () =>
      insertJob(db, {
        id: randomUUID(),
        projectId: project.id,
        type: "section.thumbnail",
        payload: { sectionId: `sec-${randomUUID()}` },
        maxAttempts: 4,
        createdById: user.id,
      });
    const queued = await insertThumbnailJob();
    const running = await insertThumbnailJob();
    await markJobRunning(db, running.id);
    await updateJobProgress(db, {
      jobId: running.id,
      progress: 40,
      message: "rendering thumbnail",
    });

    const result = await runCli(["jobs", "--limit", "5"], { DATABASE_URL: inject("databaseUrl") });

    expect(result).toMatchObject({ code: 0, stderr: "" });
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(5);
    const lineOf = (id: string) => lines.find((line) => line.includes(`(${id.slice(0, 8)},`));
    expect(lineOf(running.id)).toMatch(
      /^running +\[#{10}-{14}\] +40% +section\.thumbnail +rendering thumbnail +\([0-9a-f]{8}, attempt 1\/4\)$/,
    );
    expect(lineOf(queued.id)).toMatch(
      /^queued +\[-{24}\] +0% +section\.thumbnail .*attempt 0\/4\)$/,
    );
  });

  test("`jobs --limit 0` is refused with exit code 2", async () => {
    const result = await runCli(["jobs", "--limit", "0"], { DATABASE_URL: database.url });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--limit must be a positive integer, got 0");
  });

  test("an unknown command prints the usage and exits with code 2", async () => {
    const result = await runCli(["frobnicate"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stderr).toContain("usage: myoscope <command>");
    expect(result.stdout).toBe("");
  });
});
