/**
 * Region extraction (the paper's 0.22 → 0.66 µm/px step) through the real
 * tRPC procedure and the real worker: a new section of the same subject, at the
 * new pixel size, with its own pyramid showing the source's resampled pixels.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppDeps } from "@myoscope/web/server/deps";
import { readSectionTile } from "@myoscope/web/server/sections/read-section-tiles";
import { uploadSection } from "@myoscope/web/server/sections/upload-section";
import { runVips } from "@myoscope/worker/wsi/run-vips";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestProject, createTestSubject, createTestUser } from "../support/factories.ts";
import {
  createJobHarness,
  type JobHarness,
  startTestWorker,
  type TestWorker,
  waitForJob,
} from "../support/job-harness.ts";
import { REAL_DATA_DIR } from "../support/real-images.ts";
import { type Caller, createTestCaller } from "../support/trpc-caller.ts";

const TCGA_SVS = `${REAL_DATA_DIR}/wsi/aperio/tcga-cr-7395-01a-01-ts1.svs`;
const NDPI = `${REAL_DATA_DIR}/wsi/hamamatsu/test3-DAPI-2-387.ndpi`;

describe("section.extract", () => {
  let harness: JobHarness;
  let worker: TestWorker;
  let deps: AppDeps;
  let caller: Caller;
  let userId: string;
  let projectId: string;
  let subjectId: string;
  let scratch: string;

  beforeAll(async () => {
    harness = await createJobHarness();
    deps = { db: harness.db, getQueue: async () => harness.queue, storage: harness.storage };
    userId = (await createTestUser(harness.db)).id;
    projectId = (await createTestProject(harness.db, { ownerId: userId })).id;
    subjectId = (await createTestSubject(harness.db, projectId)).id;
    caller = createTestCaller(userId, deps);
    worker = await startTestWorker(harness);
    scratch = await mkdtemp(join(tmpdir(), "myoscope-extract-"));
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await harness?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  async function waitForSuccess(jobId: string) {
    const job = await waitForJob(
      harness.db,
      jobId,
      (j) => j.status === "succeeded" || j.status === "failed",
      { description: `job ${jobId}`, timeoutMs: 120_000 },
    );
    expect(job.error).toBeNull();
    return job;
  }

  async function ingest(path: string, pixelSizeUm: number | null) {
    const { section, jobId } = await uploadSection(deps, {
      projectId,
      subjectId,
      userId,
      originalFilename: path.split("/").at(-1) ?? "slide",
      name: "",
      pixelSizeUm,
      stain: "H&E",
      preparation: "ffpe",
      muscles: ["M. soleus"],
      acquisitionNotes: "",
      declaredBytes: null,
      body: createReadStream(path),
      maxBytes: 64 * 1024 * 1024,
    });
    await waitForSuccess(jobId);
    return section.id;
  }

  test("a region at 0.25 → 0.5 µm/px halves its size and keeps the source's pixels", async () => {
    const sourceId = await ingest(TCGA_SVS, 0.25);
    const region = { x: 1024, y: 768, width: 1024, height: 768 };
    const { section, jobId } = await caller.section.extract({
      projectId,
      sectionId: sourceId,
      region,
      pixelSizeUm: 0.5,
    });
    expect(section).toMatchObject({
      status: "processing",
      sourceSectionId: sourceId,
      pixelSizeUm: 0.5,
    });
    await waitForSuccess(jobId);

    const extracted = await caller.section.get({ projectId, sectionId: section.id });
    expect(extracted).toMatchObject({
      status: "ready",
      width: 512,
      height: 384,
      pixelSizeUm: 0.5,
      tileSize: 256,
      hasPyramid: true,
      sourceSectionId: sourceId,
      sourceRegion: { ...region, outputWidth: 512, outputHeight: 384 },
      subject: { id: subjectId },
      muscles: ["M. soleus"],
    });
    expect(extracted.byteSize).toBeGreaterThan(0);

    // Reference: OpenSlide level 0, cropped and halved by vips independently.
    const crop = join(scratch, "crop.v");
    const reference = join(scratch, "reference.png");
    await runVips("vips", ["crop", `${TCGA_SVS}[rgb]`, crop, "1024", "768", "1024", "768"]);
    await runVips("vips", ["resize", crop, reference, "0.5"]);
    const tile = await readSectionTile(deps, {
      projectId,
      sectionId: section.id,
      userId,
      level: 9,
      col: 1,
      row: 0,
    });
    const served = await sharp(tile.body).raw().toBuffer({ resolveWithObject: true });
    expect(served.info).toMatchObject({ width: 256, height: 256 });
    const expected = await sharp(reference)
      .extract({ left: 256, top: 0, width: 256, height: 256 })
      .removeAlpha()
      .raw()
      .toBuffer();
    // Within JPEG's own error on these pixels (a quality-85 round trip), plus one grey level.
    const roundTrip = await sharp(expected, { raw: { width: 256, height: 256, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer()
      .then((jpeg) => sharp(jpeg).raw().toBuffer());
    expect(meanAbsDiff(expected, served.data)).toBeLessThan(
      Math.max(3, meanAbsDiff(expected, roundTrip) + 1),
    );
  });

  test("a whole NDPI at 0.228 → 0.66 µm/px reads a coarser slide level and records the scale", async () => {
    const sourceId = await ingest(NDPI, null);
    const { section, jobId } = await caller.section.extract({
      projectId,
      sectionId: sourceId,
      pixelSizeUm: 0.66,
    });
    await waitForSuccess(jobId);
    const extracted = await caller.section.get({ projectId, sectionId: section.id });
    const scale = 0.2281750559028887 / 0.66;
    expect(extracted).toMatchObject({
      status: "ready",
      width: Math.round(3968 * scale),
      height: Math.round(4864 * scale),
      pixelSizeUm: 0.66,
      hasPyramid: true,
    });
    // The stored file says its own scale (TIFF resolution), so it re-imports right.
    const original = await harness.db.section.findUniqueOrThrow({
      where: { id: section.id },
      select: { properties: true },
    });
    expect((original.properties as { filePixelSizeUm: number }).filePixelSizeUm).toBeCloseTo(
      0.66,
      3,
    );
  });

  test("a finer pixel size or a region outside the image is refused and creates nothing", async () => {
    const sections = await harness.db.section.findMany({
      where: { projectId, status: "ready", sourceSectionId: null },
      select: { id: true, pixelSizeUm: true },
    });
    const source = sections[0];
    if (!source) throw new Error("the tests above leave a ready section");
    const before = await harness.db.section.count({ where: { projectId } });
    await expect(
      caller.section.extract({
        projectId,
        sectionId: source.id,
        pixelSizeUm: source.pixelSizeUm / 2,
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(
        /^pixelSizeUm must be at least the source's .* \(extraction only downsamples\)/,
      ),
    });
    await expect(
      caller.section.extract({
        projectId,
        sectionId: source.id,
        pixelSizeUm: 1,
        region: { x: 100_000, y: 0, width: 10, height: 10 },
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^region must lie inside/),
    });
    expect(await harness.db.section.count({ where: { projectId } })).toBe(before);
  });
});

function meanAbsDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}
