/**
 * @module job-harness
 * Everything a job test needs: its own database (a worker takes any queued job
 * in its database, so test files that run workers must not share one), a
 * sending pg-boss queue, temp storage, seeded sections with real files, and
 * workers in-process or as child processes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db, withTransaction } from "@myoscope/db/client";
import { findJob, type JobDto } from "@myoscope/db/jobs";
import { sectionThumbnailJob } from "@myoscope/jobs/definitions/section-thumbnail";
import { enqueueJob } from "@myoscope/jobs/enqueue-job";
import { type Queue, startQueue } from "@myoscope/jobs/queue";
import { createLocalStorage } from "@myoscope/storage/local-storage";
import type { Storage } from "@myoscope/storage/storage";
import { type RunningWorker, startWorker } from "@myoscope/worker/start-worker";
import { inject } from "vitest";
import {
  createTestProject,
  createTestSection,
  createTestSubject,
  createTestUser,
  type TestSectionDto,
} from "./factories.ts";
import { REPO_ROOT } from "./real-images.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";
import { waitFor } from "./wait-for.ts";

// Fast enough that a test waits well under a second for a worker to notice a job.
const POLL_INTERVAL_S = 0.5;
const MAINTENANCE_INTERVAL_S = 1;

export interface JobHarness {
  databaseUrl: string;
  db: Db;
  queue: Queue;
  storage: Storage;
  storageDir: string;
  close(): Promise<void>;
}

export async function createJobHarness(): Promise<JobHarness> {
  const database: TestDatabase = await createTestDatabase({
    serverUrl: inject("databaseServerUrl"),
  });
  const storageDir = await mkdtemp(join(tmpdir(), "myoscope-storage-"));
  const db = createDb(database.url, { poolSize: 4 });
  const queue = await startQueue(database.url, { poolSize: 2 });
  return {
    databaseUrl: database.url,
    db,
    queue,
    storage: createLocalStorage(storageDir),
    storageDir,
    async close() {
      await queue.stop({ graceful: false, wait: true, timeout: 5_000 });
      await db.$disconnect();
      await database.drop();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

export interface SeededSection {
  section: TestSectionDto;
  projectId: string;
  userId: string;
}

/** A user, project, subject and a `processing` section whose file is `bytes`. */
export async function seedSectionWithFile(
  harness: JobHarness,
  file: { bytes: Buffer; fileName: string; mimeType: string },
): Promise<SeededSection> {
  const { db, storage } = harness;
  const user = await createTestUser(db);
  const project = await createTestProject(db, { ownerId: user.id });
  const subject = await createTestSubject(db, project.id);
  const section = await createTestSection(db, {
    projectId: project.id,
    subjectId: subject.id,
    uploadedById: user.id,
    originalFilename: file.fileName,
    mimeType: file.mimeType,
    byteSize: file.bytes.length,
    sha256: createHash("sha256").update(file.bytes).digest("hex"),
  });
  await storage.put(section.storageKey, file.bytes);
  return { section, projectId: project.id, userId: user.id };
}

export async function enqueueThumbnailJob(
  harness: JobHarness,
  seeded: SeededSection,
  options: { timeoutSeconds?: number } = {},
): Promise<JobDto> {
  return withTransaction(harness.db, (tx) =>
    enqueueJob(
      tx,
      harness.queue,
      sectionThumbnailJob,
      { sectionId: seeded.section.id },
      { projectId: seeded.projectId, createdById: seeded.userId, ...options },
    ),
  );
}

export interface TestWorker extends RunningWorker {
  logs: string[];
}

export async function startTestWorker(
  harness: JobHarness,
  options: { failpoints?: string; wholeImageMaxPixels?: number } = {},
): Promise<TestWorker> {
  const logs: string[] = [];
  const worker = await startWorker({
    databaseUrl: harness.databaseUrl,
    storageDir: harness.storageDir,
    concurrency: 1,
    pollIntervalSeconds: POLL_INTERVAL_S,
    maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_S,
    failpoints: options.failpoints ?? "",
    ...(options.wholeImageMaxPixels !== undefined && {
      wholeImageMaxPixels: options.wholeImageMaxPixels,
    }),
    log: (message) => logs.push(message),
  });
  return { logs, stop: () => worker.stop() };
}

export interface WorkerProcess {
  child: ChildProcess;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  /** Resolves with the exit signal or code once the process is gone. */
  exited: Promise<NodeJS.Signals | number | null>;
}

/** Runs `apps/worker/src/main.ts` as a real child process, as `npm run worker` does. */
export function spawnWorkerProcess(
  harness: JobHarness,
  options: { failpoints?: string } = {},
): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "apps/worker/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: harness.databaseUrl,
      STORAGE_DIR: harness.storageDir,
      MYOSCOPE_FAILPOINTS: options.failpoints ?? "",
      WORKER_POLL_INTERVAL_S: String(POLL_INTERVAL_S),
      WORKER_MAINTENANCE_INTERVAL_S: String(MAINTENANCE_INTERVAL_S),
      WORKER_CONCURRENCY: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | number | null>((done) => {
    child.once("exit", (code, signal) => done(signal ?? code));
  });
  return { child, output: () => output, exited };
}

/** Polls the job's mirror row until `isWanted` holds, and returns that row. */
export async function waitForJob(
  db: Db,
  jobId: string,
  isWanted: (job: JobDto) => boolean,
  options: { description: string; timeoutMs?: number },
): Promise<JobDto> {
  return waitFor(
    async () => {
      const job = await findJob(db, { jobId });
      return job && isWanted(job) ? job : undefined;
    },
    {
      ...options,
      describeLast: async () => {
        const job = await findJob(db, { jobId });
        return job
          ? `status=${job.status} progress=${job.progress} attempts=${job.attempts} error=${job.error}`
          : "no such job";
      },
    },
  );
}
