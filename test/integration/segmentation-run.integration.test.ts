/**
 * A segmentation run end to end: created through the tRPC router (runs and jobs
 * in one transaction), executed by a real worker with a real ONNX model on a real
 * H&E image, committed with its fibers and masks, replaced (not duplicated) when
 * run again, and failing permanently, with nothing published, on a corrupt image.
 */
import { createHash } from "node:crypto";
import { POSTPROCESS_PARAMS_VERSION } from "@myoscope/core/postprocess/postprocess-params";
import { withTransaction } from "@myoscope/db/client";
import { insertSegmentationModel } from "@myoscope/db/segmentation-models";
import { segmentationRunJob } from "@myoscope/jobs/definitions/segmentation-run";
import { enqueueJob } from "@myoscope/jobs/enqueue-job";
import { inspectSegmentationModel } from "@myoscope/models/inspect-segmentation-model";
import { getProjectModelKey } from "@myoscope/storage/model-keys";
import { getSegmentationFileKey } from "@myoscope/storage/segmentation-keys";
import type { AppDeps } from "@myoscope/web/server/deps";
import { streamFibersCsv } from "@myoscope/web/server/segmentation/stream-fibers-csv";
import { loadSegmentationModel } from "@myoscope/worker/segmentation/load-segmentation-model";
import { segmentImage } from "@myoscope/worker/segmentation/segment-image";
import { formatSegmentedFibersCsv } from "@myoscope/worker/segmentation/write-segmentation-outputs";
import { decode } from "fast-png";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createTestProject,
  createTestSection,
  createTestSubject,
  createTestUser,
} from "../support/factories.ts";
import {
  createJobHarness,
  type JobHarness,
  startTestWorker,
  type TestWorker,
  waitForJob,
} from "../support/job-harness.ts";
import { REAL_DATA_DIR, REPO_ROOT, readRealImage } from "../support/real-images.ts";
import { type Caller, createTestCaller } from "../support/trpc-caller.ts";

const TINY_MODEL = `${REPO_ROOT}/test/fixtures/models/tiny-unet.onnx`;
const BAD_CHANNELS_MODEL = `${REPO_ROOT}/test/fixtures/models/bad-channels.onnx`;
/** wcchu H&E tile, 1002×1002 px at 0.2774 µm/px. */
const WCCHU_02 = {
  path: `${REAL_DATA_DIR}/he_muscle_wcchu/images/sample_img_02.tif`,
  fileName: "sample_img_02.tif",
  mimeType: "image/tiff",
};
const WCCHU_MPP = 0.2774;

describe("segmentation runs", () => {
  let harness: JobHarness;
  let worker: TestWorker | undefined;
  let deps: AppDeps;
  let userId: string;
  let projectId: string;
  let subjectId: string;
  let caller: Caller;
  let modelId: string;

  async function registerModel(path: string, name: string): Promise<string> {
    const bytes = await readRealImage({ path, fileName: name, mimeType: "" });
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const id = crypto.randomUUID();
    const storageKey = getProjectModelKey(projectId, id);
    await harness.storage.put(storageKey, bytes);
    // The bad model cannot be inspected (that is the point); record plausible facts.
    const info = name.startsWith("bad") ? null : await inspectSegmentationModel(path);
    const model = await insertSegmentationModel(harness.db, {
      projectId,
      name,
      version: "1",
      storageKey,
      sha256,
      byteSize: bytes.length,
      mpp: info?.metadata.mpp ?? 0.5548,
      tileSize: info?.metadata.tileSize ?? 256,
      tileOverlap: info?.metadata.tileOverlap ?? 32,
      classes: info?.metadata.classes ?? ["background", "fiber", "boundary"],
      metadata: info?.metadata.props ?? {},
      isBuiltin: false,
      createdById: userId,
    });
    return model.id;
  }

  /** A section as the thumbnail job leaves it: stored, `ready`, with its size. */
  async function createReadySection(bytes: Buffer, fileName: string) {
    const section = await createTestSection(harness.db, {
      projectId,
      subjectId,
      uploadedById: userId,
      originalFilename: fileName,
      mimeType: "image/tiff",
      byteSize: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    await harness.storage.put(section.storageKey, bytes);
    await harness.db.section.update({
      where: { id: section.id },
      data: { status: "ready", width: 1002, height: 1002, pixelSizeUm: WCCHU_MPP },
    });
    return section;
  }

  async function waitForEnd(jobId: string) {
    worker ??= await startTestWorker(harness);
    return waitForJob(harness.db, jobId, (j) => j.status === "succeeded" || j.status === "failed", {
      description: `segmentation job ${jobId} to finish`,
      timeoutMs: 120_000,
    });
  }

  beforeAll(async () => {
    harness = await createJobHarness();
    deps = { db: harness.db, getQueue: async () => harness.queue, storage: harness.storage };
    userId = (await createTestUser(harness.db)).id;
    projectId = (await createTestProject(harness.db, { ownerId: userId })).id;
    subjectId = (await createTestSubject(harness.db, projectId)).id;
    caller = createTestCaller(userId, deps);
    modelId = await registerModel(TINY_MODEL, "tiny-unet");
  });

  afterAll(async () => {
    await worker?.stop();
    await harness?.close();
  });

  /** One successful run of the real tile, shared by the tests. */
  let firstRun: ReturnType<typeof segmentWcchu> | undefined;
  async function segmentWcchu() {
    const bytes = await readRealImage(WCCHU_02);
    const section = await createReadySection(bytes, WCCHU_02.fileName);
    const [created] = await caller.segmentation.create({
      projectId,
      sectionIds: [section.id],
      modelId,
      params: {},
    });
    if (!created?.jobId) throw new Error("create returned no run with a job");
    const job = await waitForEnd(created.jobId);
    expect(job.error, worker?.logs.join("\n")).toBeNull();
    const done = await caller.segmentation.get({ projectId, runId: created.id });
    return { section, created, done };
  }

  test("segments a real H&E tile in the worker and commits fibers, summary and masks together", async () => {
    firstRun ??= segmentWcchu();
    const { section, created, done } = await firstRun;
    expect(created).toMatchObject({ status: "queued", fiberCount: null, summary: null });
    expect(created.job).toMatchObject({ status: "queued", progress: 0 });
    expect(created.model).toMatchObject({ id: modelId, name: "tiny-unet" });
    expect(created.params).toMatchObject({
      version: POSTPROCESS_PARAMS_VERSION,
      fibers: { threshold: 210 },
    });

    expect(done.status).toBe("succeeded");
    expect(done.job).toMatchObject({ status: "succeeded", progress: 100 });
    expect(done.finishedAt).not.toBeNull();
    expect(done.hasLabels).toBe(true);
    const summary = done.summary as {
      counts: { fibers: number; segmentation: number; shapeFilter: number };
      image: { width: number; height: number; mpp: number };
    };
    expect(summary.image).toMatchObject({ width: 1002, height: 1002, mpp: WCCHU_MPP });
    expect(summary.counts.fibers).toBeGreaterThan(0);
    expect(done.fiberCount).toBe(summary.counts.fibers);
    const rows = await harness.db.fiber.count({ where: { runId: done.id } });
    expect(rows).toBe(summary.counts.fibers);
    const inMuscle = await harness.db.fiber.count({
      where: { runId: done.id, inMuscleMask: true },
    });
    expect(inMuscle).toBe(summary.counts.segmentation);
    const shapeFilter = await harness.db.fiber.count({
      where: { runId: done.id, inMuscleMask: true, passesShapeFilter: true },
    });
    expect(shapeFilter).toBe(summary.counts.shapeFilter);

    const run = { projectId, sectionId: section.id, id: done.id };
    const labels = decode(await harness.storage.get(getSegmentationFileKey(run, "labels")));
    expect([labels.width, labels.height, labels.depth]).toEqual([1002, 1002, 16]);
    const distinct = new Set(Array.from(labels.data as Uint16Array).filter((v) => v !== 0));
    expect(distinct.size).toBe(summary.counts.fibers);
    const overlay = await sharp(
      await harness.storage.get(getSegmentationFileKey(run, "overlay")),
    ).metadata();
    expect([overlay.format, overlay.width, overlay.height]).toEqual(["png", 1002, 1002]);
    expect(await harness.storage.exists(getSegmentationFileKey(run, "thickness"))).toBe(true);
  });

  test("exports the same fibers CSV as `myoscope segment` writes for the image", async () => {
    firstRun ??= segmentWcchu();
    const { done } = await firstRun;
    const model = await loadSegmentationModel(TINY_MODEL);
    let expected: string;
    try {
      const result = await segmentImage(model, WCCHU_02.path, { imageMpp: WCCHU_MPP });
      expected = formatSegmentedFibersCsv(result.postprocess.fibers);
    } finally {
      await model.release();
    }
    const csv = await new Response(
      streamFibersCsv(harness.db, { projectId, runId: done.id, mpp: WCCHU_MPP }),
    ).text();
    expect(csv.split("\n")).toHaveLength((done.fiberCount ?? 0) + 2);
    expect(csv).toBe(expected);
  });

  test("running the same run again replaces its fibers instead of adding to them", async () => {
    firstRun ??= segmentWcchu();
    const { done } = await firstRun;
    const before = await harness.db.fiber.findMany({
      where: { runId: done.id },
      select: { id: true, label: true, areaUm2: true },
      orderBy: { label: "asc" },
    });
    const job = await withTransaction(harness.db, (tx) =>
      enqueueJob(
        tx,
        harness.queue,
        segmentationRunJob,
        { runId: done.id },
        { projectId, createdById: userId },
      ),
    );
    expect((await waitForEnd(job.id)).status).toBe("succeeded");
    const after = await harness.db.fiber.findMany({
      where: { runId: done.id },
      select: { id: true, label: true, areaUm2: true },
      orderBy: { label: "asc" },
    });
    expect(after).toHaveLength(before.length);
    expect(after.map(({ label, areaUm2 }) => [label, areaUm2])).toEqual(
      before.map(({ label, areaUm2 }) => [label, areaUm2]),
    );
    // New rows, not the old ones left in place.
    expect(after.some((fiber) => before.some((old) => old.id === fiber.id))).toBe(false);
    const again = await caller.segmentation.get({ projectId, runId: done.id });
    expect(again.status).toBe("succeeded");
    expect(again.fiberCount).toBe(done.fiberCount);
  });

  test("a corrupt section image fails the run at once with a clear message and publishes nothing", async () => {
    const bytes = await readRealImage(WCCHU_02);
    // A TIFF cut after its first 64 kB: the header parses, the strips do not.
    const section = await createReadySection(bytes.subarray(0, 64 * 1024), "truncated.tif");
    const [run] = await caller.segmentation.create({
      projectId,
      sectionIds: [section.id],
      modelId,
    });
    const job = await waitForEnd(run?.jobId ?? "");
    expect(job.status).toBe("failed");
    expect(job.attempts).toBe(1);
    expect(job.error).toMatch(/^cannot (read|decode) image of section "truncated\.tif": /);
    expect(job.error).not.toContain(harness.storageDir);
    const failed = await caller.segmentation.get({ projectId, runId: run?.id ?? "" });
    expect(failed).toMatchObject({ status: "failed", fiberCount: null, summary: null });
    expect(failed.hasLabels).toBe(false);
    expect(await harness.db.fiber.count({ where: { runId: failed.id } })).toBe(0);
    const key = getSegmentationFileKey(
      { projectId, sectionId: section.id, id: failed.id },
      "labels",
    );
    expect(await harness.storage.exists(key)).toBe(false);
  });

  test("a model the worker cannot run fails the run at once, naming the problem", async () => {
    const badModelId = await registerModel(BAD_CHANNELS_MODEL, "bad-channels");
    const bytes = await readRealImage(WCCHU_02);
    const section = await createReadySection(bytes, "wcchu-again.tif");
    const [run] = await caller.segmentation.create({
      projectId,
      sectionIds: [section.id],
      modelId: badModelId,
    });
    const job = await waitForEnd(run?.jobId ?? "");
    expect(job).toMatchObject({ status: "failed", attempts: 1 });
    expect(job.error).toBe(
      'the segmentation model cannot be used: input "input" must have 3 channels (NCHW), got shape [n, 1, h, w]',
    );
    const failed = await caller.segmentation.get({ projectId, runId: run?.id ?? "" });
    expect(failed.status).toBe("failed");
    expect(await harness.db.fiber.count({ where: { runId: failed.id } })).toBe(0);
  });
});
