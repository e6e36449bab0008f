/**
 * @module measure-fiber-write
 * Times the database write of a segmentation run's fibers exactly as the job
 * commits them (delete earlier fibers → bulk unnest insert → run succeeded),
 * in a throwaway, fully migrated database.
 */
import { randomUUID } from "node:crypto";
import type { PostprocessedFiber } from "@myoscope/core/postprocess/postprocess-segmentation";
import { createDb, withTransaction } from "@myoscope/db/client";
import { type FiberRecord, toFiberRecord } from "@myoscope/db/fibers";
import { withTestDatabase } from "../../test/support/test-database.ts";

/** Milliseconds to commit `fibers` (repeated `copies` times to reach a target count). */
export async function measureFiberWrite(
  fibers: readonly PostprocessedFiber[],
  copies = 1,
): Promise<{ fiberCount: number; ms: number }> {
  const { saveSegmentationRunResults } = await import("@myoscope/db/segmentation-runs");
  return withTestDatabase(async (url) => {
    const db = createDb(url, { poolSize: 2 });
    try {
      const suffix = randomUUID().slice(0, 8);
      const user = await db.user.create({
        data: { email: `bench-${suffix}@example.test`, name: "bench" },
        select: { id: true },
      });
      const org = await db.organization.create({
        data: { name: "bench", slug: `bench-${suffix}` },
        select: { id: true },
      });
      const project = await db.project.create({
        data: { organizationId: org.id, name: "bench" },
        select: { id: true },
      });
      const subject = await db.subject.create({
        data: { projectId: project.id, identifier: "S" },
        select: { id: true },
      });
      const section = await db.section.create({
        data: {
          projectId: project.id,
          subjectId: subject.id,
          name: "bench",
          storageKey: "x",
          originalFilename: "x.png",
          mimeType: "image/png",
          byteSize: 1n,
          sha256: "0",
          pixelSizeUm: 0.5,
          uploadedById: user.id,
        },
        select: { id: true },
      });
      const model = await db.segmentationModel.create({
        data: {
          name: "bench",
          version: "1",
          storageKey: "m",
          sha256: suffix,
          byteSize: 1,
          mpp: 0.78,
          tileSize: 512,
          tileOverlap: 64,
          classes: ["background", "fiber", "boundary"],
          metadata: {},
        },
        select: { id: true },
      });
      const run = await db.segmentationRun.create({
        data: {
          projectId: project.id,
          sectionId: section.id,
          modelId: model.id,
          params: {},
          paramsVersion: "2",
        },
        select: { id: true },
      });
      const records: FiberRecord[] = [];
      for (let copy = 0; copy < copies; copy++) {
        for (const fiber of fibers) {
          records.push({ ...toFiberRecord(fiber), label: records.length + 1 });
        }
      }
      const started = performance.now();
      await withTransaction(
        db,
        (tx) =>
          saveSegmentationRunResults(tx, {
            runId: run.id,
            projectId: project.id,
            sectionId: section.id,
            fibers: records,
            summary: {},
            labelsKey: "labels.png",
          }),
        { timeoutMs: 600_000 },
      );
      return { fiberCount: records.length, ms: performance.now() - started };
    } finally {
      await db.$disconnect();
    }
  });
}
