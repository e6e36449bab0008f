/**
 * A synthesis run end to end: created through the tRPC router (run row and job
 * in one transaction), rendered by a real worker into real storage, committed
 * with its images and statistics, and reproducible byte for byte from its seed.
 */
import { QUEUE_SCHEMA } from "@myoscope/jobs/queue";
import type { AppDeps } from "@myoscope/web/server/deps";
import { TRPCError } from "@trpc/server";
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
import { readRealImage, STRANGE_2014_TIFF } from "../support/real-images.ts";
import { type Caller, createTestCaller } from "../support/trpc-caller.ts";

type CreateInput = Parameters<Caller["synthesis"]["create"]>[0];

describe("synthesis runs", () => {
  let harness: JobHarness;
  let worker: TestWorker | undefined;
  let deps: AppDeps;
  let userId: string;

  beforeAll(async () => {
    harness = await createJobHarness();
    deps = { db: harness.db, getQueue: async () => harness.queue, storage: harness.storage };
    userId = (await createTestUser(harness.db)).id;
  });

  afterAll(async () => {
    await worker?.stop();
    await harness?.close();
  });

  async function createProjectCaller() {
    const project = await createTestProject(harness.db, { ownerId: userId });
    return { projectId: project.id, caller: createTestCaller(userId, deps) };
  }

  async function runToCompletion(caller: Caller, input: CreateInput) {
    const run = await caller.synthesis.create(input);
    worker ??= await startTestWorker(harness);
    const job = await waitForJob(
      harness.db,
      run.jobId ?? "",
      (j) => j.status === "succeeded" || j.status === "failed",
      { description: `synthesis run ${run.id} to finish`, timeoutMs: 90_000 },
    );
    expect(job.error, worker.logs.join("\n")).toBeNull();
    expect(job.status).toBe("succeeded");
    const projectId = input.projectId;
    const done = await caller.synthesis.get({ projectId, runId: run.id });
    const images = await caller.synthesis.images({ projectId, runId: run.id });
    return { created: run, done, images };
  }

  async function readStoredFiles(projectId: string, imageId: string) {
    const keys = await harness.db.synthesisImage.findFirstOrThrow({
      where: { id: imageId, projectId },
      select: { imageKey: true, labelsKey: true, classesKey: true, thumbnailKey: true },
    });
    return {
      image: await harness.storage.get(keys.imageKey),
      labels: await harness.storage.get(keys.labelsKey),
      classes: await harness.storage.get(keys.classesKey),
      thumbnail: await harness.storage.get(keys.thumbnailKey),
    };
  }

  /** One he-ffpe run (count 2, size 256, seed 11), rendered once and shared by the tests. */
  let firstRun: ReturnType<typeof renderFirstRun> | undefined;
  async function renderFirstRun() {
    const { projectId, caller } = await createProjectCaller();
    const input: CreateInput = {
      projectId,
      name: "",
      preset: "he-ffpe",
      overrides: {},
      count: 2,
      size: 256,
      seed: 11,
    };
    return { projectId, caller, input, ...(await runToCompletion(caller, input)) };
  }

  test("renders a run in the worker, stores every file and reproduces it from the seed", async () => {
    firstRun ??= renderFirstRun();
    const { projectId, caller, input, created, done, images } = await firstRun;
    expect(created).toMatchObject({ status: "queued", generatorVersion: "pending", stats: null });
    expect(created.job).toMatchObject({ status: "queued", progress: 0 });
    expect(done.status).toBe("succeeded");
    expect(done.name).toBe("he-ffpe × 2 (seed 11)");
    expect(done.job?.status).toBe("succeeded");
    expect(done.generatorVersion).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{16}$/);
    expect(images.map((image) => image.index)).toEqual([0, 1]);
    expect(new Set(images.map((image) => image.seed)).size).toBe(2);

    const stats = done.stats;
    expect(stats).not.toBeNull();
    const fiberTotal = images.reduce((sum, image) => sum + image.fiberCount, 0);
    expect(fiberTotal).toBeGreaterThan(0);
    expect(stats?.imageCount).toBe(2);
    expect(stats?.fiberCount).toBe(fiberTotal);
    expect(stats?.meanFibersPerImage).toBe(fiberTotal / 2);
    expect(stats?.diameterHistogram.counts.reduce((a, b) => a + b, 0)).toBe(fiberTotal);
    // he-ffpe asks for 32–52 µm fibers; edge-cut fibers pull the measured mean down.
    expect(stats?.meanDiameterUm).toBeGreaterThan(15);
    expect(stats?.meanDiameterUm).toBeLessThan(60);
    const mpps = images.map((image) => image.mpp);
    expect(stats?.mppRange).toEqual([Math.min(...mpps), Math.max(...mpps)]);
    for (const mpp of mpps) {
      expect(mpp).toBeGreaterThanOrEqual(0.5);
      expect(mpp).toBeLessThanOrEqual(1.05);
    }

    for (const image of images) {
      const files = await readStoredFiles(projectId, image.id);
      const rgb = await sharp(files.image).metadata();
      expect([rgb.width, rgb.height, rgb.channels]).toEqual([256, 256, 3]);
      const labels = decode(files.labels);
      expect(labels.depth).toBe(16);
      const distinct = new Set(Array.from(labels.data as Uint16Array).filter((v) => v !== 0));
      expect(distinct.size).toBe(image.fiberCount);
      const classes = await sharp(files.classes).raw().toBuffer();
      expect(new Set(classes)).toEqual(new Set([0, 1, 2]));
      expect((await sharp(files.thumbnail).metadata()).format).toBe("jpeg");
      expect(image.params).toMatchObject({ mpp: image.mpp });
    }

    const again = await runToCompletion(caller, input);
    expect(again.done.id).not.toBe(done.id);
    expect(again.images.map((image) => image.seed)).toEqual(images.map((image) => image.seed));
    for (const [i, image] of images.entries()) {
      const first = await readStoredFiles(projectId, image.id);
      const second = await readStoredFiles(projectId, again.images[i]?.id ?? "");
      expect(second.image.equals(first.image), `image ${i}`).toBe(true);
      expect(second.labels.equals(first.labels), `labels ${i}`).toBe(true);
      expect(second.classes.equals(first.classes), `classes ${i}`).toBe(true);
    }
    expect(again.done.stats).toEqual(done.stats);
  });

  test("embeds patches of the run and of real sections for the comparison view", async () => {
    firstRun ??= renderFirstRun();
    const { projectId, caller, done } = await firstRun;
    const subject = await createTestSubject(harness.db, projectId);
    const bytes = await readRealImage(STRANGE_2014_TIFF);
    const section = await createTestSection(harness.db, {
      projectId,
      subjectId: subject.id,
      uploadedById: userId,
      originalFilename: STRANGE_2014_TIFF.fileName,
      mimeType: STRANGE_2014_TIFF.mimeType,
      byteSize: bytes.length,
      sha256: "0".repeat(64),
    });
    await harness.storage.put(section.storageKey, bytes);
    await harness.db.section.update({
      where: { id: section.id },
      data: { status: "ready", pixelSizeUm: 0.4, preparation: "ffpe" },
    });

    const input = { projectId, runIds: [done.id], includeSections: true, seed: 4 };
    const comparison = await caller.synthesis.compare(input);
    expect(comparison.method).toBe("umap");
    expect(comparison.datasets).toEqual([
      expect.objectContaining({
        kind: "synthetic",
        sourceCount: 2,
        label: `${done.name} (synthetic)`,
      }),
      expect.objectContaining({ kind: "real", sourceCount: 1, label: "Real sections (FFPE)" }),
    ]);
    const [synthetic, real] = comparison.datasets;
    // 256² images at 0.5–1.05 µm/px give 128–269 px at 1 µm/px: a few patches each;
    // the 1152×908 field at 0.4 µm/px gives 461×363 px, about 20.
    expect(synthetic?.patchCount).toBeGreaterThanOrEqual(2);
    expect(real?.patchCount).toBeGreaterThan(10);
    expect(comparison.points).toHaveLength((synthetic?.patchCount ?? 0) + (real?.patchCount ?? 0));
    expect(
      comparison.points.filter((p) => p.dataset === 1).every((p) => p.source === section.name),
    ).toBe(true);
    expect(comparison.featureNames).toContain("meanOdE");
    expect(comparison.explainedVariance.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-9);
    expect(comparison.realCoveredBySynthetic).toBeGreaterThanOrEqual(0);
    expect(comparison.realCoveredBySynthetic).toBeLessThanOrEqual(1);
    for (const point of comparison.points) {
      expect(Number.isFinite(point.x) && Number.isFinite(point.y)).toBe(true);
      expect(point.thumbnailUrl).toMatch(/^data:image\/jpeg;base64,/);
    }
    // Deterministic for a seed.
    const again = await caller.synthesis.compare(input);
    expect(again.points.map((p) => [p.x, p.y])).toEqual(comparison.points.map((p) => [p.x, p.y]));
  });

  test("samples an overridden range and records it with the run", async () => {
    const { projectId, caller } = await createProjectCaller();
    const { done, images } = await runToCompletion(caller, {
      projectId,
      name: "small fibers",
      preset: "he-ffpe",
      overrides: { fiberDiameterUm: [20, 22], mpp: 1 },
      count: 2,
      size: 256,
      seed: 11,
    });
    expect(done.ranges).toMatchObject({ fiberDiameterUm: [20, 22], mpp: 1 });
    for (const image of images) {
      expect(image.mpp).toBe(1);
      expect(image.params.fiberDiameterUm).toBeGreaterThanOrEqual(20);
      expect(image.params.fiberDiameterUm).toBeLessThanOrEqual(22);
      expect(image.name).toMatch(/^synth-custom-11-000\d$/);
    }
  });

  test.each([
    [{ overrides: { notAParameter: [1, 2] } }, /unknown parameter notAParameter/],
    [{ overrides: { mpp: [0.5, 10] } }, /parameter mpp: .*got 10/],
    [
      { overrides: { fiberDiameterUm: [50, 30] } },
      /parameter fiberDiameterUm: min 50 is above max 30/,
    ],
    [{ overrides: { crackCount: 1.5 } }, /parameter crackCount/],
    [{ count: 0 }, /"count"/],
    [{ size: 100_000 }, /"size"/],
  ] as [Partial<CreateInput>, RegExp][])(
    "refuses %j with BAD_REQUEST naming the parameter and creates nothing",
    async (bad, message) => {
      const { projectId, caller } = await createProjectCaller();
      const input: CreateInput = {
        projectId,
        name: "bad",
        preset: "he-cryo",
        overrides: {},
        count: 2,
        size: 256,
        seed: 3,
        ...bad,
      };
      const error = await caller.synthesis.create(input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect((error as TRPCError).message).toMatch(message);
      expect(await harness.db.synthesisRun.count({ where: { projectId } })).toBe(0);
      expect(await harness.db.job.count({ where: { projectId } })).toBe(0);
      const [{ count }] = await harness.db.$queryRawUnsafe<[{ count: bigint }]>(
        `SELECT count(*) AS count FROM ${QUEUE_SCHEMA}.job WHERE name = 'synthesis.run' AND data->>'runId' NOT IN (SELECT id FROM synthesis_runs)`,
      );
      expect(Number(count)).toBe(0);
    },
  );
});
