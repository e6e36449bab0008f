/**
 * FiberSummary rows: every filter combination × region aggregated in SQL must
 * equal a plain JS computation over the same fibers.
 */
import { randomUUID } from "node:crypto";
import { withTransaction } from "@myoscope/db/client";
import { insertSyntheticRun, insertSyntheticSection } from "@myoscope/db/cohort-synthetic";
import {
  refreshFiberSummaries,
  SUMMARY_BIN_COUNT,
  SUMMARY_BIN_WIDTH_UM,
} from "@myoscope/db/fiber-summaries";
import { insertSegmentationModel } from "@myoscope/db/segmentation-models";
import { beforeAll, describe, expect, it } from "vitest";
import { getTestDb } from "../support/db.ts";
import { createTestProject, createTestSubject, createTestUser } from "../support/factories.ts";

let ids: { projectId: string; sectionId: string; modelId: string; userId: string };

beforeAll(async () => {
  const db = getTestDb();
  const user = await createTestUser(db);
  const project = await createTestProject(db, { ownerId: user.id });
  const subject = await createTestSubject(db, project.id);
  const sectionId = await insertSyntheticSection(db, {
    projectId: project.id,
    subjectId: subject.id,
    uploadedById: user.id,
    name: "summary-section",
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
  ids = { projectId: project.id, sectionId, modelId: model.id, userId: user.id };
});

interface FiberRow {
  minFeretUm: number;
  regionName: string | null;
  inMuscleMask: boolean;
  passesShapeFilter: boolean;
  inExclusion: boolean;
  touchesEdge: boolean;
}

function summarizeInJs(fibers: readonly FiberRow[], mask: number, region: string) {
  const kept = fibers.filter(
    (f) =>
      f.inMuscleMask &&
      (!(mask & 1) || f.passesShapeFilter) &&
      (!(mask & 2) || !f.inExclusion) &&
      (!(mask & 4) || !f.touchesEdge) &&
      (region === "" || f.regionName === region),
  );
  const histogram = new Array<number>(SUMMARY_BIN_COUNT).fill(0);
  let sum = 0;
  for (const f of kept) {
    sum += f.minFeretUm;
    const bin = Math.min(Math.floor(f.minFeretUm / SUMMARY_BIN_WIDTH_UM), SUMMARY_BIN_COUNT - 1);
    histogram[bin] = (histogram[bin] ?? 0) + 1;
  }
  const mean = kept.length ? sum / kept.length : null;
  const std =
    kept.length > 1 && mean !== null
      ? Math.sqrt(kept.reduce((s, f) => s + (f.minFeretUm - mean) ** 2, 0) / (kept.length - 1))
      : null;
  return { count: kept.length, sum, mean, std, histogram };
}

describe("refreshFiberSummaries", () => {
  it("writes 8 filter masks × (whole section + each region) equal to a JS computation over the fibers", async () => {
    const db = getTestDb();
    const runId = await withTransaction(db, (tx) =>
      insertSyntheticRun(tx, {
        projectId: ids.projectId,
        sectionId: ids.sectionId,
        modelId: ids.modelId,
        createdById: ids.userId,
        fiberCount: 1500,
        meanUm: 40,
        stdUm: 9,
        connectiveFraction: 0.12,
        connectiveThicknessMeanUm: 3.5,
        regions: [
          {
            name: "M. soleus",
            share: 0.3,
            meanUm: 30,
            stdUm: 7,
            connectiveFraction: 0.2,
            connectiveThicknessMeanUm: 5,
          },
        ],
      }),
    );
    const fibers = await db.fiber.findMany({
      where: { runId },
      select: {
        minFeretUm: true,
        regionName: true,
        inMuscleMask: true,
        passesShapeFilter: true,
        inExclusion: true,
        touchesEdge: true,
      },
    });
    const rows = await db.fiberSummary.findMany({
      where: { runId },
      select: {
        region: true,
        filterMask: true,
        fiberCount: true,
        sumMinFeret: true,
        meanMinFeretUm: true,
        stdMinFeretUm: true,
        histogram: true,
        connectiveFraction: true,
        connectiveThicknessMeanUm: true,
        sectionId: true,
        projectId: true,
      },
    });
    expect(rows).toHaveLength(16);
    for (const row of rows) {
      const expected = summarizeInJs(fibers, row.filterMask, row.region);
      expect(row.fiberCount).toBe(expected.count);
      expect(row.histogram).toEqual(expected.histogram);
      expect(row.sumMinFeret).toBeCloseTo(expected.sum, 6);
      expect(row.meanMinFeretUm).toBeCloseTo(expected.mean ?? Number.NaN, 9);
      expect(row.stdMinFeretUm).toBeCloseTo(expected.std ?? Number.NaN, 9);
      expect(row.sectionId).toBe(ids.sectionId);
      expect(row.projectId).toBe(ids.projectId);
      expect(row.connectiveFraction).toBe(row.region === "" ? 0.12 : 0.2);
      expect(row.connectiveThicknessMeanUm).toBe(row.region === "" ? 3.5 : 5);
    }
    // The filters really remove fibers: mask 7 keeps fewer than mask 0.
    const whole = (mask: number) =>
      rows.find((row) => row.region === "" && row.filterMask === mask)?.fiberCount ?? 0;
    expect(whole(7)).toBeLessThan(whole(1));
    expect(whole(1)).toBeLessThan(whole(0));
  });

  it("replaces the run's rows on refresh and follows changed regions", async () => {
    const db = getTestDb();
    const runId = await withTransaction(db, (tx) =>
      insertSyntheticRun(tx, {
        projectId: ids.projectId,
        sectionId: ids.sectionId,
        modelId: ids.modelId,
        createdById: ids.userId,
        fiberCount: 200,
        meanUm: 40,
        stdUm: 9,
        connectiveFraction: 0.1,
        connectiveThicknessMeanUm: 3,
        regions: [],
      }),
    );
    expect(await db.fiberSummary.count({ where: { runId } })).toBe(8);
    await db.$executeRawUnsafe(
      "update fibers set region_name = 'M. gastrocnemius' where run_id = $1 and label <= 50",
      runId,
    );
    await withTransaction(db, (tx) => refreshFiberSummaries(tx, { runId }));
    expect(await db.fiberSummary.count({ where: { runId } })).toBe(16);
    const region = await db.fiberSummary.findUnique({
      where: { runId_region_filterMask: { runId, region: "M. gastrocnemius", filterMask: 0 } },
      select: { fiberCount: true, connectiveFraction: true },
    });
    expect(region?.fiberCount).toBe(
      await db.fiber.count({
        where: { runId, regionName: "M. gastrocnemius", inMuscleMask: true },
      }),
    );
    // No connective statistics were measured for the new region.
    expect(region?.connectiveFraction).toBeNull();
  });
});
