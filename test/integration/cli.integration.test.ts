import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { createDb, type Db } from "@myoscope/db/client";
import { insertJob, type JobDto, markJobRunning, updateJobProgress } from "@myoscope/db/jobs";
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

  async function seedThumbnailJobs(count: number): Promise<JobDto[]> {
    const user = await createTestUser(db);
    const project = await createTestProject(db, { ownerId: user.id });
    const jobs: JobDto[] = [];
    for (let i = 0; i < count; i++) {
      // Distinct creation times, so "newest first" has one right answer.
      if (i > 0) await new Promise((done) => setTimeout(done, 5));
      jobs.push(
        await insertJob(db, {
          id: randomUUID(),
          projectId: project.id,
          type: "section.thumbnail",
          payload: { sectionId: `sec-${randomUUID()}` },
          maxAttempts: 4,
          createdById: user.id,
        }),
      );
    }
    return jobs;
  }

  test("`jobs --limit 5` prints one progress-bar line per recent job, newest first", async () => {
    const [queued, running] = await seedThumbnailJobs(2);
    if (!queued || !running) throw new Error("seeding failed");
    await markJobRunning(db, running.id);
    await updateJobProgress(db, {
      jobId: running.id,
      attempt: 1,
      progress: 40,
      message: "rendering thumbnail",
    });

    const result = await runCli(["jobs", "--limit", "5"], { DATABASE_URL: database.url });

    expect(result).toMatchObject({ code: 0, stderr: "" });
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.length).toBeLessThanOrEqual(5);
    const runningLine = `running   [##########--------------]  40%  section.thumbnail    rendering thumbnail  (${running.id.slice(0, 8)}, attempt 1/4)`;
    const queuedLine = `queued    [------------------------]   0%  section.thumbnail      (${queued.id.slice(0, 8)}, attempt 0/4)`;
    expect(lines).toContain(runningLine);
    expect(lines).toContain(queuedLine);
    expect(lines.indexOf(runningLine)).toBeLessThan(lines.indexOf(queuedLine));
  });

  test("`jobs --limit 1` prints only the newest job", async () => {
    const [, newest] = await seedThumbnailJobs(2);

    const result = await runCli(["jobs", "--limit", "1"], { DATABASE_URL: database.url });

    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split("\n")).toEqual([
      expect.stringContaining(`(${newest?.id.slice(0, 8)}, attempt 0/4)`),
    ]);
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
