/**
 * A worker process killed in the middle of a job (SIGKILL, no chance to clean
 * up) must leave no half-written results, and the job must be retried by
 * another worker once pg-boss expires the dead worker's attempt.
 */
import { findJob } from "@myoscope/db/jobs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createJobHarness,
  enqueueThumbnailJob,
  type JobHarness,
  seedSectionWithFile,
  spawnWorkerProcess,
  startTestWorker,
  type TestWorker,
  type WorkerProcess,
  waitForJob,
} from "../support/job-harness.ts";
import { readRealImage, STRANGE_2014_JPEG } from "../support/real-images.ts";

// Parks the handler after it stored the thumbnail file but before the commit
// that publishes the section's metadata: the worst moment to die.
const PARK_BEFORE_COMMIT = "section.thumbnail.before-commit=sleep(30000)";
const ATTEMPT_TIMEOUT_S = 3;

describe("a worker killed while running a job", () => {
  let harness: JobHarness;
  let crashed: WorkerProcess | undefined;
  let survivor: TestWorker | undefined;

  beforeAll(async () => {
    harness = await createJobHarness();
  });

  afterAll(async () => {
    if (crashed && crashed.child.exitCode === null && crashed.child.signalCode === null) {
      crashed.child.kill("SIGKILL");
      await crashed.exited;
    }
    await survivor?.stop();
    await harness?.close();
  });

  test("leaves no partial results, and the job is retried and succeeds on attempt 2", async () => {
    const bytes = await readRealImage(STRANGE_2014_JPEG);
    const expected = await sharp(bytes).metadata();
    const seeded = await seedSectionWithFile(harness, {
      bytes,
      fileName: STRANGE_2014_JPEG.fileName,
      mimeType: STRANGE_2014_JPEG.mimeType,
    });
    const job = await enqueueThumbnailJob(harness, seeded, { timeoutSeconds: ATTEMPT_TIMEOUT_S });
    const readSection = () =>
      harness.db.section.findUniqueOrThrow({
        where: { id: seeded.section.id },
        select: { status: true, width: true, height: true, format: true, thumbnailKey: true },
      });

    crashed = spawnWorkerProcess(harness, { failpoints: PARK_BEFORE_COMMIT });
    const parked = await waitForJob(
      harness.db,
      job.id,
      (j) => j.status === "running" && j.progress >= 90,
      { description: "the child worker to park before its commit", timeoutMs: 25_000 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nworker output:\n${crashed?.output()}`);
    });
    crashed.child.kill("SIGKILL");
    expect(await crashed.exited).toBe("SIGKILL");

    expect(parked.attempts).toBe(1);
    const afterCrash = await readSection();
    expect(afterCrash.status).not.toBe("ready");
    expect(afterCrash).toMatchObject({ width: null, height: null, thumbnailKey: null });
    // Not succeeded: the mirror row still shows the dead worker's attempt.
    expect(await findJob(harness.db, { jobId: job.id })).toMatchObject({
      status: "running",
      result: null,
      finishedAt: null,
    });

    survivor = await startTestWorker(harness);
    const done = await waitForJob(harness.db, job.id, (j) => j.status === "succeeded", {
      description: "the expired job to be retried and succeed",
      timeoutMs: 40_000,
    });

    expect(done).toMatchObject({ attempts: 2, progress: 100, error: null });
    expect(await readSection()).toMatchObject({
      status: "ready",
      width: expected.width,
      height: expected.height,
      format: "jpeg",
    });
    const thumbnailKey = String((await readSection()).thumbnailKey);
    expect(await harness.storage.exists(thumbnailKey)).toBe(true);
    expect(survivor.logs.join("\n")).toContain(`job ${job.id} (section.thumbnail) attempt 2`);
  }, 90_000);
});
