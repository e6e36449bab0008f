/**
 * A segmentation run of a section over the worker's whole-image limit goes through
 * tiled post-processing, and stores what the whole-image path stores for the same
 * image: the same fibers, label image and masks, and the same section summary. The
 * limit is lowered to 0.5 MP here so a real 1 MP H&E tile takes the tiled path.
 */
import { createHash } from "node:crypto";
import { assignSectionRegions } from "@myoscope/core/postprocess/assign-section-regions";
import { getSegmentationFileKey } from "@myoscope/storage/segmentation-keys";
import { loadSegmentationModel } from "@myoscope/worker/segmentation/load-segmentation-model";
import { segmentImage } from "@myoscope/worker/segmentation/segment-image";
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
import { registerTestModel } from "../support/register-test-model.ts";
import { type Caller, createTestCaller } from "../support/trpc-caller.ts";

const TINY_MODEL = `${REPO_ROOT}/test/fixtures/models/tiny-unet.onnx`;
const WCCHU_02 = {
  path: `${REAL_DATA_DIR}/he_muscle_wcchu/images/sample_img_02.tif`,
  fileName: "sample_img_02.tif",
  mimeType: "image/tiff",
};
const WCCHU_MPP = 0.2774;

describe("segmentation runs over the whole-image limit", () => {
  let harness: JobHarness;
  let worker: TestWorker;
  let caller: Caller;
  let projectId: string;
  let userId: string;
  let modelId: string;

  beforeAll(async () => {
    harness = await createJobHarness();
    const deps = { db: harness.db, getQueue: async () => harness.queue, storage: harness.storage };
    userId = (await createTestUser(harness.db)).id;
    projectId = (await createTestProject(harness.db, { ownerId: userId })).id;
    caller = createTestCaller(userId, deps);
    modelId = await registerTestModel(harness.db, harness.storage, {
      projectId,
      userId,
      path: TINY_MODEL,
      name: "tiny-unet",
    });
    worker = await startTestWorker(harness, { wholeImageMaxPixels: 500_000 });
  });

  afterAll(async () => {
    await worker?.stop();
    await harness?.close();
  });

  /** Stores `image` as a ready section, segments it in the worker and returns the run. */
  async function segmentSection(
    image: { path: string; fileName: string; mimeType: string },
    size: { width: number; height: number; pixelSizeUm: number },
  ) {
    const subjectId = (await createTestSubject(harness.db, projectId)).id;
    const bytes = await readRealImage(image);
    const section = await createTestSection(harness.db, {
      projectId,
      subjectId,
      uploadedById: userId,
      originalFilename: image.fileName,
      mimeType: image.mimeType,
      byteSize: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    await harness.storage.put(section.storageKey, bytes);
    await harness.db.section.update({
      where: { id: section.id },
      data: { status: "ready", ...size },
    });
    const [created] = await caller.segmentation.create({
      projectId,
      sectionIds: [section.id],
      modelId,
      params: {},
    });
    if (!created?.jobId) throw new Error("create returned no run with a job");
    const job = await waitForJob(
      harness.db,
      created.jobId,
      (j) => j.status === "succeeded" || j.status === "failed",
      { description: "tiled segmentation job", timeoutMs: 180_000 },
    );
    expect(job.error, worker.logs.join("\n")).toBeNull();
    const done = await caller.segmentation.get({ projectId, runId: created.id });
    return { section, done };
  }

  test("stores the whole-image path's fibers, labels, masks and section summary", async () => {
    const { section, done } = await segmentSection(WCCHU_02, {
      width: 1002,
      height: 1002,
      pixelSizeUm: WCCHU_MPP,
    });
    const summary = done.summary as {
      postprocess: { summary: { tiling?: { removedAsOversized: number } } };
      regions: Record<string, unknown>;
    };
    expect(summary.postprocess.summary.tiling?.removedAsOversized).toBe(0);

    const model = await loadSegmentationModel(TINY_MODEL);
    const whole = await segmentImage(model, WCCHU_02.path, {
      imageMpp: WCCHU_MPP,
      withContours: true,
    }).finally(() => model.release());
    const { postprocess } = whole;
    expect(postprocess.fibers.length).toBeGreaterThan(10);
    const rows = await harness.db.fiber.findMany({
      where: { runId: done.id },
      select: { label: true, areaUm2: true, minFeretUm: true, passesShapeFilter: true },
      orderBy: { label: "asc" },
    });
    expect(rows.map((row) => row.label)).toEqual(postprocess.fibers.map((fiber) => fiber.label));
    rows.forEach((row, i) => {
      const fiber = postprocess.fibers[i];
      expect(row.areaUm2).toBeCloseTo(fiber?.areaUm2 ?? Number.NaN, 6);
      expect(row.minFeretUm).toBeCloseTo(fiber?.minFeretUm ?? Number.NaN, 6);
      expect(row.passesShapeFilter).toBe(fiber?.passesShapeFilter);
    });

    const run = { projectId, sectionId: section.id, id: done.id };
    const stored = async (kind: "labels" | "muscle" | "connective") =>
      Array.from(decode(await harness.storage.get(getSegmentationFileKey(run, kind))).data);
    expect(await stored("labels")).toEqual(Array.from(postprocess.labels));
    const asMask = (mask: Uint8Array) => Array.from(mask, (value) => (value === 0 ? 0 : 255));
    expect(await stored("muscle")).toEqual(asMask(postprocess.muscleMask));
    expect(await stored("connective")).toEqual(
      asMask(postprocess.connectiveTissue.segmentation.mask),
    );
    const overlay = await sharp(
      await harness.storage.get(getSegmentationFileKey(run, "overlay")),
    ).metadata();
    expect([overlay.width, overlay.height]).toEqual([1002, 1002]);
    expect(await harness.storage.exists(getSegmentationFileKey(run, "thickness"))).toBe(true);

    const regions = assignSectionRegions(
      {
        width: 1002,
        height: 1002,
        mpp: WCCHU_MPP,
        labels: postprocess.labels,
        muscleMask: postprocess.muscleMask,
        connectiveMask: postprocess.connectiveTissue.segmentation.mask,
        fibers: postprocess.fibers,
        shapes: { regions: [], rois: [], exclusions: [] },
      },
      { localThicknessUm: postprocess.localThicknessUm },
    );
    // jsonb keeps 15 significant digits, so the last bit of a double may change.
    const storedSection = summary.regions[""] as Record<string, number | null>;
    for (const [key, value] of Object.entries(regions.regions[""] ?? {})) {
      if (typeof value === "number") expect(storedSection[key], key).toBeCloseTo(value, 9);
      else expect(storedSection[key], key).toBe(value);
    }
    expect(Object.keys(summary.regions)).toEqual([""]);
  }, 240_000);

  test("segments an Aperio SVS section with JPEG 2000 tiles, decoded at level 0 by Debian's vips", async () => {
    const slide = {
      path: `${REAL_DATA_DIR}/wsi/aperio/tcga-cr-7395-01a-01-ts1.svs`,
      fileName: "tcga-cr-7395-01a-01-ts1.svs",
      mimeType: "image/tiff",
    };
    const { section, done } = await segmentSection(slide, {
      width: 4443,
      height: 3567,
      pixelSizeUm: 0.499,
    });
    expect(done.status).toBe("succeeded");
    expect(done.fiberCount).toBeGreaterThan(0);
    const run = { projectId, sectionId: section.id, id: done.id };
    const labels = decode(await harness.storage.get(getSegmentationFileKey(run, "labels")));
    expect([labels.width, labels.height]).toEqual([4443, 3567]);
    const summary = done.summary as { image: { path: string } };
    // The summary names the stored slide, not the temporary decode.
    expect(summary.image.path).toBe(section.storageKey);
  }, 240_000);
});
