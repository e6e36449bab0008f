/**
 * Per-fiber results: bulk insert through unnest, replace-on-rerun in one
 * transaction, and nothing visible from a failed write.
 */
import { randomUUID } from "node:crypto";
import { decodeContour } from "@myoscope/core/geometry/encode-contour";
import { withTransaction } from "@myoscope/db/client";
import type { FiberRecord } from "@myoscope/db/fibers";
import { insertSegmentationModel } from "@myoscope/db/segmentation-models";
import {
  findSegmentationRun,
  insertSegmentationRun,
  saveSegmentationRunResults,
} from "@myoscope/db/segmentation-runs";
import { beforeAll, describe, expect, it } from "vitest";
import { getTestDb } from "../support/db.ts";
import {
  createTestProject,
  createTestSection,
  createTestSubject,
  createTestUser,
} from "../support/factories.ts";

function makeFiber(label: number): FiberRecord {
  return {
    label,
    areaUm2: 1000 + label,
    perimeterUm: 120.5,
    circularity: 0.87,
    feretUm: 40,
    minFeretUm: 30 + (label % 7),
    feretAngle: 12.5,
    aspectRatio: 1.2,
    roundness: 0.8,
    solidity: 0.97,
    equivalentDiameterUm: 35.7,
    centroidX: label * 2.5,
    centroidY: 10,
    bboxX: label,
    bboxY: 3,
    bboxWidth: 40,
    bboxHeight: 41,
    meanOdH: label % 2 ? 0.12 : null,
    meanOdE: 0.3,
    touchesEdge: label % 5 === 0,
    inMuscleMask: true,
    passesShapeFilter: label % 3 !== 0,
    inExclusion: false,
    regionName: label % 2 ? "M. soleus" : null,
    contour: Int32Array.from([0, 0, 4, 0, 4, 4, 0, 4]),
  };
}

let ids: { projectId: string; sectionId: string; modelId: string; userId: string };

async function createRun(): Promise<string> {
  const run = await insertSegmentationRun(getTestDb(), {
    id: randomUUID(),
    projectId: ids.projectId,
    sectionId: ids.sectionId,
    modelId: ids.modelId,
    params: { threshold: 210 },
    paramsVersion: "1",
    jobId: randomUUID(),
    createdById: ids.userId,
  });
  return run.id;
}

beforeAll(async () => {
  const db = getTestDb();
  const user = await createTestUser(db);
  const project = await createTestProject(db, { ownerId: user.id });
  const subject = await createTestSubject(db, project.id);
  const section = await createTestSection(db, {
    projectId: project.id,
    subjectId: subject.id,
    uploadedById: user.id,
    originalFilename: "s.png",
    mimeType: "image/png",
    byteSize: 1,
    sha256: "0".repeat(64),
  });
  const model = await insertSegmentationModel(db, {
    projectId: project.id,
    name: "test",
    version: "1",
    storageKey: "models/test.onnx",
    sha256: randomUUID(),
    byteSize: 1,
    mpp: 0.79,
    tileSize: 256,
    tileOverlap: 32,
    classes: ["background", "fiber", "boundary"],
    metadata: {},
    isBuiltin: false,
    createdById: user.id,
  });
  ids = { projectId: project.id, sectionId: section.id, modelId: model.id, userId: user.id };
});

describe("segmentation results", () => {
  it("writes 100,000 fibers with every feature and the contour intact", async () => {
    const db = getTestDb();
    const runId = await createRun();
    const fibers = Array.from({ length: 100_000 }, (_, i) => makeFiber(i + 1));
    const { fiberCount } = await withTransaction(
      db,
      (tx) =>
        saveSegmentationRunResults(tx, {
          runId,
          projectId: ids.projectId,
          sectionId: ids.sectionId,
          fibers,
          summary: { fibers: fibers.length },
          labelsKey: "x/labels.png",
        }),
      { timeoutMs: 120_000 },
    );
    expect(fiberCount).toBe(100_000);
    const stored = await db.fiber.findFirst({
      where: { runId, label: 7 },
      select: {
        minFeretUm: true,
        meanOdH: true,
        regionName: true,
        contour: true,
        touchesEdge: true,
      },
    });
    expect(stored?.minFeretUm).toBe(30);
    expect(stored?.meanOdH).toBe(0.12);
    expect(stored?.regionName).toBe("M. soleus");
    expect(stored?.touchesEdge).toBe(false);
    const contour = stored?.contour ? decodeContour(new Uint8Array(stored.contour)) : null;
    expect(Array.from(contour ?? [])).toEqual([0, 0, 4, 0, 4, 4, 0, 4]);
    const run = await findSegmentationRun(db, { projectId: ids.projectId, runId });
    expect(run?.status).toBe("succeeded");
    expect(run?.fiberCount).toBe(100_000);
    // Timed by scripts/bench/bench-fiber-write.ts; this bound only allows for a loaded machine.
  }, 120_000);

  it("replaces a run's earlier fibers instead of adding to them on a re-run", async () => {
    const db = getTestDb();
    const runId = await createRun();
    const save = (count: number) =>
      withTransaction(db, (tx) =>
        saveSegmentationRunResults(tx, {
          runId,
          projectId: ids.projectId,
          sectionId: ids.sectionId,
          fibers: Array.from({ length: count }, (_, i) => makeFiber(i + 1)),
          summary: { fibers: count },
          labelsKey: "x/labels.png",
        }),
      );
    await save(50);
    await save(20);
    expect(await db.fiber.count({ where: { runId } })).toBe(20);
  });

  it("leaves neither fibers nor a succeeded status when the write fails midway", async () => {
    const db = getTestDb();
    const runId = await createRun();
    const fibers = [makeFiber(1), { ...makeFiber(2), label: Number.NaN }];
    const failed = await withTransaction(db, (tx) =>
      saveSegmentationRunResults(tx, {
        runId,
        projectId: ids.projectId,
        sectionId: ids.sectionId,
        fibers,
        summary: {},
        labelsKey: "x/labels.png",
      }),
    ).then(
      () => false,
      () => true,
    );
    expect(failed).toBe(true);
    expect(await db.fiber.count({ where: { runId } })).toBe(0);
    const run = await findSegmentationRun(db, { projectId: ids.projectId, runId });
    expect(run?.status).toBe("queued");
  });
});
