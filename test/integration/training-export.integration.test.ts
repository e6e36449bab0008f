/**
 * A training export end to end: a real synthesis run rendered by the worker,
 * exported through the tRPC router (export row and job in one transaction),
 * tiled and zipped by the worker into real storage, and committed with its
 * size and manifest summary. A run that has not finished cannot be exported.
 */
import { findTrainingExportDownload } from "@myoscope/db/training-exports";
import { getTrainingExportKey } from "@myoscope/storage/synthesis-keys";
import type { AppDeps } from "@myoscope/web/server/deps";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestProject, createTestUser } from "../support/factories.ts";
import {
  createJobHarness,
  type JobHarness,
  startTestWorker,
  type TestWorker,
  waitForJob,
} from "../support/job-harness.ts";
import { createTestCaller } from "../support/trpc-caller.ts";

describe("training exports", () => {
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

  async function waitForSuccess(jobId: string | null, description: string) {
    worker ??= await startTestWorker(harness);
    const job = await waitForJob(
      harness.db,
      jobId ?? "",
      (j) => j.status === "succeeded" || j.status === "failed",
      { description, timeoutMs: 90_000 },
    );
    expect(job.error, worker.logs.join("\n")).toBeNull();
    expect(job.status).toBe("succeeded");
  }

  test("exports a finished run as a stored zip with its tile counts", async () => {
    const project = await createTestProject(harness.db, { ownerId: userId });
    const projectId = project.id;
    const caller = createTestCaller(userId, deps);
    const run = await caller.synthesis.create({
      projectId,
      name: "export source",
      preset: "he-ffpe",
      overrides: {},
      count: 2,
      size: 256,
      seed: 3,
    });
    await waitForSuccess(run.jobId, `synthesis run ${run.id}`);

    const created = await caller.synthesis.createExport({
      projectId,
      runId: run.id,
      tileSize: 128,
      valFraction: 0.5,
    });
    expect(created).toMatchObject({
      runId: run.id,
      status: "queued",
      byteSize: null,
      manifest: null,
      params: { tileSize: 128, overlap: 0, valFraction: 0.5, seed: 1, withWeights: false },
    });
    await waitForSuccess(created.jobId, `training export ${created.id}`);

    const [done] = await caller.synthesis.exports({ projectId, runId: run.id });
    expect(done?.id).toBe(created.id);
    expect(done?.status).toBe("succeeded");
    expect(done?.job?.status).toBe("succeeded");
    expect(done?.finishedAt).toBeInstanceOf(Date);
    const summary = done?.manifest;
    expect(summary?.sourceCount).toBe(2);
    // 256² px images in 128 px tiles without overlap: 2×2 tiles per image, one image per split.
    expect(summary?.tileCount).toEqual({ train: 4, val: 4 });
    expect(summary?.fileName).toMatch(/^export-source-training-[0-9a-f]{8}\.zip$/);

    const key = getTrainingExportKey(projectId, run.id, created.id);
    const zip = await harness.storage.get(key);
    expect(zip.length).toBeGreaterThan(1000);
    expect(zip.length).toBe(done?.byteSize);
    expect(zip.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
    expect(zip.includes(Buffer.from("manifest.json"))).toBe(true);

    expect(
      await findTrainingExportDownload(harness.db, { projectId, exportId: created.id }),
    ).toEqual({ storageKey: key, byteSize: zip.length, fileName: summary?.fileName });
    const otherProject = await createTestProject(harness.db, { ownerId: userId });
    expect(
      await findTrainingExportDownload(harness.db, {
        projectId: otherProject.id,
        exportId: created.id,
      }),
    ).toBeNull();
  });

  test("refuses to export a run that has not finished, and records nothing", async () => {
    const project = await createTestProject(harness.db, { ownerId: userId });
    const projectId = project.id;
    const caller = createTestCaller(userId, deps);
    const queued = await harness.db.synthesisRun.create({
      data: {
        projectId,
        name: "still rendering",
        preset: "he-ffpe",
        ranges: {},
        count: 1,
        size: 256,
        seed: 1,
        generatorVersion: "pending",
        status: "running",
        createdById: userId,
      },
      select: { id: true },
    });
    const error = await caller.synthesis.createExport({ projectId, runId: queued.id }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("CONFLICT");
    expect(await harness.db.trainingExport.count({ where: { runId: queued.id } })).toBe(0);
    expect(await harness.db.job.count({ where: { projectId, type: "training.export" } })).toBe(0);
  });
});
