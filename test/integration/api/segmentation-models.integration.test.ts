/**
 * The model registry: uploads validated by onnxruntime exactly as the worker
 * validates a model before running it (refusals leave no row and no file), the
 * shipped model registered once for every project, per-project defaults, and
 * deletion rules (never a built-in model, never one that runs were made with).
 */
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { AppError } from "@myoscope/core/errors/app-error";
import { withTransaction } from "@myoscope/db/client";
import { type FiberRecord, insertFibers } from "@myoscope/db/fibers";
import { insertSegmentationRun } from "@myoscope/db/segmentation-runs";
import { registerBuiltinModel } from "@myoscope/models/register-builtin-model";
import { getBuiltinModelKey } from "@myoscope/storage/model-keys";
import type { AppDeps } from "@myoscope/web/server/deps";
import {
  type UploadSegmentationModelInput,
  uploadSegmentationModel,
} from "@myoscope/web/server/segmentation/upload-segmentation-model";
import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTestDb } from "../../support/db.ts";
import {
  addTestMember,
  createTestProject,
  createTestSection,
  createTestSubject,
  createTestUser,
} from "../../support/factories.ts";
import { createJobHarness, type JobHarness } from "../../support/job-harness.ts";
import { REAL_DATA_DIR, REPO_ROOT } from "../../support/real-images.ts";
import { createTestCaller, createTestDeps } from "../../support/trpc-caller.ts";

const MODELS = `${REPO_ROOT}/test/fixtures/models`;
const CLASSES = ["background", "fiber", "boundary"];

async function setUp() {
  const db = getTestDb();
  const deps = createTestDeps();
  const owner = await createTestUser(db);
  const project = await createTestProject(db, { ownerId: owner.id });
  const caller = createTestCaller(owner.id, deps);
  const upload = async (bytes: Buffer, overrides: Partial<UploadSegmentationModelInput> = {}) =>
    uploadSegmentationModel(deps, {
      projectId: project.id,
      userId: owner.id,
      originalFilename: "tiny-unet.onnx",
      name: "",
      declaredBytes: bytes.length,
      body: Readable.from([bytes]),
      ...overrides,
    });
  const countRows = () => db.segmentationModel.count({ where: { projectId: project.id } });
  const storedFiles = async () => {
    const root = await deps.storage.localPath("projects");
    try {
      return readdirSync(root, { recursive: true }).filter((p) => String(p).includes("."));
    } catch {
      return [];
    }
  };
  return { db, deps, owner, project, caller, upload, countRows, storedFiles };
}

async function expectRefusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A ready section and a run of it made with `modelId`, as the create procedure leaves them. */
async function createRunWith(
  deps: AppDeps,
  ids: { projectId: string; userId: string; modelId: string },
) {
  const subject = await createTestSubject(deps.db, ids.projectId);
  const section = await createTestSection(deps.db, {
    projectId: ids.projectId,
    subjectId: subject.id,
    uploadedById: ids.userId,
    originalFilename: "s.png",
    mimeType: "image/png",
    byteSize: 1,
    sha256: "0".repeat(64),
  });
  const run = await insertSegmentationRun(deps.db, {
    id: crypto.randomUUID(),
    projectId: ids.projectId,
    sectionId: section.id,
    modelId: ids.modelId,
    params: {},
    paramsVersion: "2",
    jobId: crypto.randomUUID(),
    createdById: ids.userId,
  });
  return { section, run };
}

describe("uploadSegmentationModel(deps, input)", () => {
  it("registers a valid ONNX model with the facts of its metadata and stores the file", async () => {
    const { deps, project, caller, upload, countRows, storedFiles } = await setUp();
    const bytes = await readFile(`${MODELS}/tiny-unet.onnx`);
    const model = await upload(bytes);
    expect(model).toMatchObject({
      projectId: project.id,
      name: "tiny-unet",
      version: "1",
      byteSize: bytes.length,
      mpp: 0.5548,
      tileSize: 256,
      classes: CLASSES,
      isBuiltin: false,
    });
    expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.metadata.classes).toBeDefined();
    expect(await countRows()).toBe(1);
    expect(await storedFiles()).toEqual([expect.stringMatching(/models\/[0-9a-f-]+\.onnx$/)]);
    const row = await deps.db.segmentationModel.findUniqueOrThrow({
      where: { id: model.id },
      select: { storageKey: true },
    });
    expect((await deps.storage.get(row.storageKey)).equals(bytes)).toBe(true);
    const listed = await caller.segmentation.models({ projectId: project.id });
    expect(listed.map((m) => m.id)).toContain(model.id);
  });

  it.each([
    [
      "bad-channels.onnx",
      "BAD_REQUEST",
      'not a usable fiber segmentation model: input "input" must have 3 channels (NCHW), got shape [n, 1, h, w]',
    ],
    [
      "no-classes.onnx",
      "BAD_REQUEST",
      'not a usable fiber segmentation model: metadata "classes" is missing (expected ["background","fiber","boundary"])',
    ],
  ])(
    "refuses %s with %s and a message naming the problem, keeping nothing",
    async (file, code, message) => {
      const { upload, countRows, storedFiles } = await setUp();
      const error = await expectRefusal(upload(await readFile(`${MODELS}/${file}`)));
      expect({ code: error.code, message: error.message }).toEqual({ code, message });
      expect(await countRows()).toBe(0);
      expect(await storedFiles()).toEqual([]);
    },
  );

  it("refuses random bytes and an image as not ONNX (415), keeping nothing", async () => {
    const { upload, countRows, storedFiles } = await setUp();
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    const image = await readFile(`${REAL_DATA_DIR}/he_muscle_wcchu/images/sample_img_02.tif`);
    for (const bytes of [random, image]) {
      const error = await expectRefusal(upload(bytes, { originalFilename: "model.onnx" }));
      expect(error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
      expect(error.message).toBe(
        "the file is not an ONNX model; upload a fiber segmentation model exported as .onnx",
      );
    }
    expect(await countRows()).toBe(0);
    expect(await storedFiles()).toEqual([]);
  });

  it("refuses an empty file and one over the limit, declared or streamed", async () => {
    const { upload, countRows, storedFiles } = await setUp();
    const bytes = await readFile(`${MODELS}/tiny-unet.onnx`);
    await expect(upload(Buffer.alloc(0))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "the uploaded file is empty",
    });
    await expect(upload(bytes, { maxBytes: 1000 })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    await expect(upload(bytes, { maxBytes: 1000, declaredBytes: null })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    expect(await countRows()).toBe(0);
    expect(await storedFiles()).toEqual([]);
  });

  it("refuses the same file twice in a project with CONFLICT and keeps one copy", async () => {
    const { upload, countRows, storedFiles } = await setUp();
    const bytes = await readFile(`${MODELS}/tiny-unet.onnx`);
    const first = await upload(bytes, { name: "first" });
    await expect(upload(bytes, { name: "second" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `this model is already registered as "first" (version ${first.version})`,
    });
    expect(await countRows()).toBe(1);
    expect(await storedFiles()).toHaveLength(1);
  });
});

describe("segmentation.setDefaultModel, segmentation.deleteModel", () => {
  it("uses the project's default model when a run names none", async () => {
    const { db, deps, owner, project, caller, upload } = await setUp();
    const model = await upload(await readFile(`${MODELS}/tiny-unet.onnx`));
    await caller.segmentation.setDefaultModel({ projectId: project.id, modelId: model.id });
    expect(await caller.segmentation.models({ projectId: project.id })).toContainEqual(
      expect.objectContaining({ id: model.id, isDefault: true }),
    );
    const { section } = await createRunWith(deps, {
      projectId: project.id,
      userId: owner.id,
      modelId: model.id,
    });
    await db.section.update({ where: { id: section.id }, data: { status: "ready" } });
    const [run] = await caller.segmentation.create({
      projectId: project.id,
      sectionIds: [section.id],
    });
    expect(run?.model.id).toBe(model.id);
  });

  it("refuses to delete a model that runs were made with, then deletes it with its file once they are gone", async () => {
    const { deps, owner, project, caller, upload, countRows, storedFiles } = await setUp();
    const model = await upload(await readFile(`${MODELS}/tiny-unet.onnx`));
    await caller.segmentation.setDefaultModel({ projectId: project.id, modelId: model.id });
    const { run } = await createRunWith(deps, {
      projectId: project.id,
      userId: owner.id,
      modelId: model.id,
    });
    const refusal = await caller.segmentation
      .deleteModel({ projectId: project.id, modelId: model.id })
      .then(
        () => null,
        (e: unknown) => e as TRPCError,
      );
    expect(refusal?.code).toBe("CONFLICT");
    expect(refusal?.message).toBe('"tiny-unet" was used by 1 segmentation run; delete it first');
    expect(await countRows()).toBe(1);

    await caller.segmentation.deleteRun({ projectId: project.id, runId: run.id });
    await caller.segmentation.deleteModel({ projectId: project.id, modelId: model.id });
    expect(await countRows()).toBe(0);
    expect((await storedFiles()).filter((p) => String(p).endsWith(".onnx"))).toEqual([]);
    const after = await deps.db.project.findUniqueOrThrow({
      where: { id: project.id },
      select: { defaultModelId: true },
    });
    expect(after.defaultModelId).toBeNull();
  });

  it("lets only owners set the default or delete, and editors delete runs", async () => {
    const { db, deps, owner, project, upload } = await setUp();
    const model = await upload(await readFile(`${MODELS}/tiny-unet.onnx`));
    const editor = await createTestUser(db);
    await addTestMember(db, { projectId: project.id, userId: editor.id, role: "editor" });
    const asEditor = createTestCaller(editor.id, deps);
    for (const call of [
      asEditor.segmentation.setDefaultModel({ projectId: project.id, modelId: model.id }),
      asEditor.segmentation.deleteModel({ projectId: project.id, modelId: model.id }),
    ]) {
      await expect(call).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const { run } = await createRunWith(deps, {
      projectId: project.id,
      userId: owner.id,
      modelId: model.id,
    });
    await asEditor.segmentation.deleteRun({ projectId: project.id, runId: run.id });
    expect(await db.segmentationRun.count({ where: { id: run.id } })).toBe(0);
  });

  it("deletes a project together with its models and the runs made with them", async () => {
    const { deps, owner, project, caller, upload } = await setUp();
    const model = await upload(await readFile(`${MODELS}/tiny-unet.onnx`));
    await createRunWith(deps, { projectId: project.id, userId: owner.id, modelId: model.id });
    await caller.project.delete({ projectId: project.id });
    expect(await deps.db.segmentationModel.count({ where: { id: model.id } })).toBe(0);
    expect(await deps.db.segmentationRun.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("segmentation.fibers and segmentation.diameters", () => {
  function fiber(
    label: number,
    minFeretUm: number,
    population: "out" | "in" | "shape",
  ): FiberRecord {
    return {
      label,
      areaUm2: 100 * label,
      perimeterUm: 40,
      circularity: 0.8,
      feretUm: minFeretUm * 1.3,
      minFeretUm,
      feretAngle: 0,
      aspectRatio: 1.2,
      roundness: 0.8,
      solidity: 0.95,
      equivalentDiameterUm: minFeretUm * 1.1,
      centroidX: label,
      centroidY: label,
      bboxX: 0,
      bboxY: 0,
      bboxWidth: 1,
      bboxHeight: 1,
      meanOdH: null,
      meanOdE: null,
      touchesEdge: false,
      inMuscleMask: population !== "out",
      passesShapeFilter: population === "shape",
      inExclusion: false,
      regionName: null,
      contour: null,
    };
  }

  it("sorts all fibers server-side and bins MinFeret of each population in Postgres", async () => {
    const { deps, owner, project, caller, upload } = await setUp();
    const model = await upload(await readFile(`${MODELS}/tiny-unet.onnx`));
    const { section, run } = await createRunWith(deps, {
      projectId: project.id,
      userId: owner.id,
      modelId: model.id,
    });
    // MinFeret 10, 11, …, 69 µm; every third outside the muscle, every other inside passes.
    const fibers = Array.from({ length: 60 }, (_, i) =>
      fiber(i + 1, 10 + i, i % 3 === 0 ? "out" : i % 2 === 0 ? "shape" : "in"),
    );
    await withTransaction(deps.db, (tx) =>
      insertFibers(tx, { runId: run.id, projectId: project.id, sectionId: section.id, fibers }),
    );
    const projectId = project.id;

    const widest = await caller.segmentation.fibers({
      projectId,
      runId: run.id,
      sortBy: "minFeretUm",
      order: "desc",
      limit: 3,
    });
    expect(widest.map((f) => f.label)).toEqual([60, 59, 58]);

    const all = await caller.segmentation.diameters({
      projectId,
      runId: run.id,
      population: "postProcessed",
    });
    expect(all.count).toBe(60);
    expect(all.meanUm).toBeCloseTo(39.5, 10);
    expect(all.medianUm).toBeCloseTo(39.5, 10);
    // max 69 µm / 40 → 2 µm bins; bins 0..34, the first 5 (0–10 µm) empty.
    expect(all.histogram.binWidthUm).toBe(2);
    expect(all.histogram.counts).toHaveLength(35);
    expect(all.histogram.counts.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(all.histogram.counts.slice(5)).toEqual(Array(30).fill(2));

    const expectCount = (keep: (f: FiberRecord) => boolean) => fibers.filter(keep).length;
    const segmentation = await caller.segmentation.diameters({
      projectId,
      runId: run.id,
      population: "segmentation",
    });
    expect(segmentation.count).toBe(expectCount((f) => f.inMuscleMask));
    const shape = await caller.segmentation.diameters({ projectId, runId: run.id });
    expect(shape.population).toBe("shapeFilter");
    expect(shape.count).toBe(expectCount((f) => f.inMuscleMask && f.passesShapeFilter));
    expect(shape.histogram.counts.reduce((a, b) => a + b, 0)).toBe(shape.count);
  });
});

describe("registerBuiltinModel(db, storage, path)", () => {
  let harness: JobHarness;
  beforeAll(async () => {
    harness = await createJobHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("logs and reports a missing file without registering anything", async () => {
    const lines: string[] = [];
    const path = `${MODELS}/not-trained-yet.onnx`;
    const result = await registerBuiltinModel(harness.db, harness.storage, path, {
      log: (line) => lines.push(line),
    });
    expect(result).toEqual({ status: "missing", path });
    expect(lines).toEqual([
      expect.stringContaining(`built-in segmentation model not found at ${path}`),
    ]);
    expect(await harness.db.segmentationModel.count()).toBe(0);
  });

  it("registers the model once, even from several processes at once, for every project", async () => {
    const path = `${MODELS}/tiny-unet.onnx`;
    const register = () =>
      registerBuiltinModel(harness.db, harness.storage, path, { log: () => {} });
    const results = await Promise.all([register(), register()]);
    const again = await register();
    const ids = [...results, again].map((r) => (r.status === "registered" ? r.model.id : null));
    expect(new Set(ids).size).toBe(1);
    expect(await harness.db.segmentationModel.count()).toBe(1);
    const row = await harness.db.segmentationModel.findFirstOrThrow({
      select: { projectId: true, isBuiltin: true, storageKey: true, sha256: true, name: true },
    });
    expect(row).toMatchObject({ projectId: null, isBuiltin: true, name: "tiny-unet" });
    expect(row.storageKey).toBe(getBuiltinModelKey(row.sha256));
    expect((await harness.storage.get(row.storageKey)).equals(await readFile(path))).toBe(true);

    const user = await createTestUser(harness.db);
    const project = await createTestProject(harness.db, { ownerId: user.id });
    const caller = createTestCaller(user.id, {
      db: harness.db,
      getQueue: async () => harness.queue,
      storage: harness.storage,
    });
    const models = await caller.segmentation.models({ projectId: project.id });
    // Without a project default, the newest built-in model is the default.
    expect(models).toEqual([
      expect.objectContaining({ id: ids[0], isBuiltin: true, isDefault: true }),
    ]);
    const refusal = await caller.segmentation
      .deleteModel({ projectId: project.id, modelId: ids[0] ?? "" })
      .then(
        () => null,
        (e: unknown) => e as TRPCError,
      );
    expect(refusal?.code).toBe("BAD_REQUEST");
    expect(refusal?.message).toBe('"tiny-unet" is built in and cannot be deleted');
  });
});
