import { withTransaction } from "@myoscope/db/client";
import {
  findJob,
  markJobCancelled,
  markJobRunning,
  markJobSucceeded,
  updateJobProgress,
} from "@myoscope/db/jobs";
import { findSectionFiles, saveSectionImageInfo } from "@myoscope/db/sections";
import { cancelJob } from "@myoscope/jobs/cancel-job";
import { sectionThumbnailJob } from "@myoscope/jobs/definitions/section-thumbnail";
import { enqueueJob } from "@myoscope/jobs/enqueue-job";
import { QUEUE_SCHEMA } from "@myoscope/jobs/queue";
import { retryJob } from "@myoscope/jobs/retry-job";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  createJobHarness,
  enqueueThumbnailJob,
  type JobHarness,
  type SeededSection,
  seedSectionWithFile,
  startTestWorker,
  type TestWorker,
  waitForJob,
} from "../support/job-harness.ts";
import { readRealImage, STRANGE_2014_JPEG, STRANGE_2014_TIFF } from "../support/real-images.ts";

const NOT_AN_IMAGE = Buffer.from("%PDF-1.7\nthis is a text file pretending to be a TIFF\n");

describe("section.thumbnail jobs", () => {
  let harness: JobHarness;
  let worker: TestWorker | undefined;

  beforeAll(async () => {
    harness = await createJobHarness();
  });

  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function seedRealImageSection(): Promise<SeededSection> {
    return seedSectionWithFile(harness, {
      bytes: await readRealImage(STRANGE_2014_TIFF),
      fileName: STRANGE_2014_TIFF.fileName,
      mimeType: STRANGE_2014_TIFF.mimeType,
    });
  }

  async function seedNonImageSection(): Promise<SeededSection> {
    return seedSectionWithFile(harness, {
      bytes: NOT_AN_IMAGE,
      fileName: "section.tif",
      mimeType: "image/tiff",
    });
  }

  async function readSection(seeded: SeededSection) {
    const section = await harness.db.section.findUniqueOrThrow({
      where: { id: seeded.section.id },
      select: {
        status: true,
        width: true,
        height: true,
        channels: true,
        format: true,
        thumbnailKey: true,
      },
    });
    return section;
  }

  async function readQueueJob(
    jobId: string,
  ): Promise<{ state: string; expireSeconds: number } | undefined> {
    const rows = await harness.db.$queryRawUnsafe<Array<{ state: string; expireSeconds: number }>>(
      `SELECT state::text AS state, EXTRACT(epoch FROM expire_in)::int AS "expireSeconds"
       FROM ${QUEUE_SCHEMA}.job WHERE id = $1::uuid`,
      jobId,
    );
    return rows[0];
  }

  async function readQueueState(jobId: string): Promise<string | undefined> {
    return (await readQueueJob(jobId))?.state;
  }

  test("enqueueJob writes the mirror row and the pg-boss job under one id", async () => {
    const seeded = await seedRealImageSection();

    const job = await enqueueThumbnailJob(harness, seeded);

    expect(job).toMatchObject({
      type: "section.thumbnail",
      status: "queued",
      progress: 0,
      attempts: 0,
      maxAttempts: 4,
      projectId: seeded.projectId,
      payload: { sectionId: seeded.section.id },
    });
    expect(await readQueueState(job.id)).toBe("created");
    await cancelJob(harness.db, harness.queue, { projectId: seeded.projectId, jobId: job.id });
  });

  test("a rolled-back transaction leaves neither a mirror row nor a queued job", async () => {
    const seeded = await seedRealImageSection();
    let jobId = "";

    const attempt = withTransaction(harness.db, async (tx) => {
      const job = await enqueueJob(
        tx,
        harness.queue,
        sectionThumbnailJob,
        { sectionId: seeded.section.id },
        { projectId: seeded.projectId, createdById: seeded.userId },
      );
      jobId = job.id;
      throw new Error("upload failed after enqueue");
    });

    await expect(attempt).rejects.toThrow("upload failed after enqueue");
    expect(jobId).not.toBe("");
    expect(await findJob(harness.db, { jobId })).toBeNull();
    expect(await readQueueState(jobId)).toBeUndefined();
  });

  test("a worker records the real image's size and format and stores a ≤512 px thumbnail", async () => {
    const seeded = await seedRealImageSection();
    const expected = await sharp(STRANGE_2014_TIFF.path).metadata();
    const job = await enqueueThumbnailJob(harness, seeded);

    worker = await startTestWorker(harness);
    const done = await waitForJob(harness.db, job.id, (j) => j.status === "succeeded", {
      description: "the thumbnail job to succeed",
    });

    expect(done).toMatchObject({ progress: 100, attempts: 1, error: null });
    expect(done.result).toEqual({
      width: expected.width,
      height: expected.height,
      channels: expected.channels,
      format: expected.format,
    });
    const section = await readSection(seeded);
    expect(section).toMatchObject({
      status: "ready",
      width: expected.width,
      height: expected.height,
      channels: expected.channels,
      format: "tiff",
    });
    expect(section.thumbnailKey).toBe(
      seeded.section.storageKey.replace(/original\.tif$/, "thumbnail.png"),
    );
    const thumbnail = await sharp(
      await harness.storage.get(String(section.thumbnailKey)),
    ).metadata();
    expect(thumbnail.format).toBe("png");
    expect(Math.max(thumbnail.width ?? 0, thumbnail.height ?? 0)).toBe(512);
    expect(thumbnail.width / thumbnail.height).toBeCloseTo(
      (expected.width ?? 0) / (expected.height ?? 1),
      1,
    );
    expect(await readQueueState(job.id)).toBe("completed");
  });

  test("a file that is not an image fails the job at once, without retries", async () => {
    const seeded = await seedNonImageSection();
    const job = await enqueueThumbnailJob(harness, seeded);

    worker = await startTestWorker(harness);
    const failed = await waitForJob(harness.db, job.id, (j) => j.status === "failed", {
      description: "the thumbnail job to fail",
    });

    expect(failed.attempts).toBe(1);
    expect(failed.error).toMatch(/^cannot decode image/);
    const section = await readSection(seeded);
    expect(section).toMatchObject({ status: "failed", width: null, thumbnailKey: null });
    // Give a (wrong) retry time to happen: the queue entry must stay finished.
    await new Promise((done) => setTimeout(done, 1_500));
    expect((await findJob(harness.db, { jobId: job.id }))?.attempts).toBe(1);
    expect(await readQueueState(job.id)).not.toMatch(/^(created|retry|active)$/);
  });

  test("a job cancelled while queued is never processed", async () => {
    const seeded = await seedRealImageSection();
    const job = await enqueueThumbnailJob(harness, seeded);

    await cancelJob(harness.db, harness.queue, { projectId: seeded.projectId, jobId: job.id });
    worker = await startTestWorker(harness);
    // A second job enqueued after the cancelled one: once it is done, the worker
    // has certainly polled past the cancelled one.
    const probe = await enqueueThumbnailJob(harness, await seedRealImageSection());
    await waitForJob(harness.db, probe.id, (j) => j.status === "succeeded", {
      description: "the job enqueued after the cancelled one to succeed",
    });

    expect(await findJob(harness.db, { jobId: job.id })).toMatchObject({
      status: "cancelled",
      attempts: 0,
      startedAt: null,
    });
    expect(await readQueueState(job.id)).toBe("cancelled");
    expect(await readSection(seeded)).toMatchObject({ width: null, thumbnailKey: null });
    expect(worker.logs.join("\n")).not.toContain(job.id);
  });

  test("retryJob puts a failed job back in the queue and a worker runs it to success", async () => {
    const seeded = await seedNonImageSection();
    const job = await enqueueThumbnailJob(harness, seeded);
    worker = await startTestWorker(harness);
    await waitForJob(harness.db, job.id, (j) => j.status === "failed", {
      description: "the job on a broken file to fail",
    });
    // The user re-uploads a good file under the same key, then retries.
    await harness.storage.put(seeded.section.storageKey, await readRealImage(STRANGE_2014_JPEG));

    await retryJob(harness.db, harness.queue, { projectId: seeded.projectId, jobId: job.id });
    const requeued = await findJob(harness.db, { jobId: job.id });
    const done = await waitForJob(harness.db, job.id, (j) => j.status === "succeeded", {
      description: "the retried job to succeed",
    });

    expect(requeued).toMatchObject({ error: null, finishedAt: null });
    expect(requeued?.status).toMatch(/^(queued|running|succeeded)$/);
    expect(done).toMatchObject({ progress: 100, attempts: 1, error: null });
    expect(await readSection(seeded)).toMatchObject({ status: "ready", width: 423, height: 330 });
  });

  test("retryJob resumes a cancelled job and a worker runs it", async () => {
    const seeded = await seedRealImageSection();
    const job = await enqueueThumbnailJob(harness, seeded);
    await cancelJob(harness.db, harness.queue, { projectId: seeded.projectId, jobId: job.id });

    await retryJob(harness.db, harness.queue, { projectId: seeded.projectId, jobId: job.id });
    worker = await startTestWorker(harness);
    const done = await waitForJob(harness.db, job.id, (j) => j.status === "succeeded", {
      description: "the resumed job to succeed",
    });

    expect(done.attempts).toBe(1);
    expect(await readSection(seeded)).toMatchObject({ status: "ready" });
  });

  test("markJobSucceeded refuses to publish once the job was cancelled", async () => {
    const seeded = await seedRealImageSection();
    const job = await enqueueThumbnailJob(harness, seeded);
    expect(await markJobRunning(harness.db, job.id)).toBe(1);
    await markJobCancelled(harness.db, { jobId: job.id, projectId: seeded.projectId });

    // What a worker's final commit does: write results, then compare-and-set.
    const commit = withTransaction(harness.db, async (tx) => {
      const files = await findSectionFiles(tx, { sectionId: seeded.section.id });
      await saveSectionImageInfo(tx, {
        sectionId: String(files?.id),
        width: 10,
        height: 10,
        channels: 3,
        format: "png",
        thumbnailKey: "late/thumbnail.png",
      });
      const isPublished = await markJobSucceeded(tx, {
        jobId: job.id,
        attempt: 1,
        result: { width: 10 },
        message: "late",
      });
      if (!isPublished) throw new Error("job no longer running");
    });

    await expect(commit).rejects.toThrow("job no longer running");
    expect(await findJob(harness.db, { jobId: job.id })).toMatchObject({
      status: "cancelled",
      result: null,
    });
    expect(await readSection(seeded)).toMatchObject({ width: null, thumbnailKey: null });
  });

  test("an attempt that was superseded by a newer one can neither report progress nor publish", async () => {
    const seeded = await seedRealImageSection();
    const job = await enqueueThumbnailJob(harness, seeded);
    // Attempt 1 overran its timeout; pg-boss handed the job to attempt 2.
    expect(await markJobRunning(harness.db, job.id)).toBe(1);
    expect(await markJobRunning(harness.db, job.id)).toBe(2);

    const staleProgress = { jobId: job.id, attempt: 1, progress: 80, message: "stale" };
    expect(await updateJobProgress(harness.db, staleProgress)).toBe(false);
    const isStalePublished = await withTransaction(harness.db, (tx) =>
      markJobSucceeded(tx, { jobId: job.id, attempt: 1, result: {}, message: "stale" }),
    );
    expect(isStalePublished).toBe(false);
    expect(await findJob(harness.db, { jobId: job.id })).toMatchObject({
      status: "running",
      attempts: 2,
      progress: 0,
    });

    const currentProgress = { jobId: job.id, attempt: 2, progress: 50, message: "current" };
    expect(await updateJobProgress(harness.db, currentProgress)).toBe(true);
    const isPublished = await withTransaction(harness.db, (tx) =>
      markJobSucceeded(tx, { jobId: job.id, attempt: 2, result: { ok: true }, message: "done" }),
    );
    expect(isPublished).toBe(true);
    expect(await findJob(harness.db, { jobId: job.id })).toMatchObject({
      status: "succeeded",
      progress: 100,
      result: { ok: true },
    });
  });

  test("retryJob keeps a job's own timeout when it requeues it", async () => {
    const seeded = await seedRealImageSection();
    const job = await enqueueThumbnailJob(harness, seeded, { timeoutSeconds: 7 });
    await cancelJob(harness.db, harness.queue, { projectId: seeded.projectId, jobId: job.id });

    await retryJob(harness.db, harness.queue, { projectId: seeded.projectId, jobId: job.id });

    expect(await readQueueJob(job.id)).toEqual({ state: "created", expireSeconds: 7 });
    expect(await findJob(harness.db, { jobId: job.id })).toMatchObject({
      status: "queued",
      attempts: 0,
    });
    await cancelJob(harness.db, harness.queue, { projectId: seeded.projectId, jobId: job.id });
  });

  test("retryJob refuses a job that is still queued and leaves its queue entry alone", async () => {
    const seeded = await seedRealImageSection();
    const job = await enqueueThumbnailJob(harness, seeded);

    const retry = retryJob(harness.db, harness.queue, {
      projectId: seeded.projectId,
      jobId: job.id,
    });

    await expect(retry).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await readQueueState(job.id)).toBe("created");
    await cancelJob(harness.db, harness.queue, { projectId: seeded.projectId, jobId: job.id });
  });
});
