/**
 * The demo cohort end to end: synthetic `he-ffpe` (WT) and `myopathic` (DKO)
 * sections are rendered, stored and enqueued by the demo seed, a real worker
 * segments them with the shipped ONNX model, and the cohort dashboard computed
 * from the stored fibers separates the groups as the presets were built.
 */

import { getCohortDashboard } from "@myoscope/web/server/cohort/get-cohort-dashboard";
import { DEFAULT_MODEL_PATH } from "@myoscope/worker/segmentation/default-model-path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../scripts/seed-demo.ts";
import {
  createJobHarness,
  type JobHarness,
  startTestWorker,
  type TestWorker,
} from "../support/job-harness.ts";
import { waitFor } from "../support/wait-for.ts";

let harness: JobHarness;
let worker: TestWorker | undefined;

beforeAll(async () => {
  harness = await createJobHarness();
});

afterAll(async () => {
  await worker?.stop();
  await harness?.close();
});

function average(values: readonly (number | null)[]): number {
  const present = values.filter((v): v is number => v !== null);
  return present.reduce((s, v) => s + v, 0) / present.length;
}

describe("demo cohort", () => {
  it("segments the synthetic WT and DKO sections and shows DKO fibers smaller, more variable, with more connective tissue", async () => {
    const logs: string[] = [];
    await seedDemo(harness.db, {
      log: (m) => logs.push(m),
      cohort: {
        storage: harness.storage,
        queue: harness.queue,
        modelPath: DEFAULT_MODEL_PATH,
        size: 768,
      },
    });
    const project = await harness.db.project.findFirstOrThrow({ select: { id: true } });
    const runs = await harness.db.segmentationRun.count({ where: { projectId: project.id } });
    expect(runs, logs.join("\n")).toBe(6);
    worker = await startTestWorker(harness);
    await waitFor(
      async () => {
        const rows = await harness.db.segmentationRun.findMany({
          where: { projectId: project.id },
          select: { status: true },
        });
        if (rows.some((r) => r.status === "failed")) throw new Error("a demo run failed");
        return rows.every((r) => r.status === "succeeded") ? true : undefined;
      },
      {
        description: "all demo segmentation runs succeeded",
        timeoutMs: 240_000,
        describeLast: async () => (worker?.logs ?? []).slice(-5).join("\n"),
      },
    );
    const dashboard = await getCohortDashboard(harness.db, {
      projectId: project.id,
      query: { referenceGroup: "WT" },
    });
    const whole = dashboard.sections.filter((r) => r.region === "");
    expect(whole).toHaveLength(6);
    const wt = whole.filter((r) => r.group === "WT");
    const dko = whole.filter((r) => r.group === "DKO Hom");
    for (const row of whole) expect(row.fiberCount).toBeGreaterThan(30);
    // Every myopathic section against every WT one, not just on average.
    const maxDkoMean = Math.max(...dko.map((r) => r.meanUm ?? Number.POSITIVE_INFINITY));
    const minWtMean = Math.min(...wt.map((r) => r.meanUm ?? 0));
    expect(maxDkoMean).toBeLessThan(minWtMean);
    expect(average(dko.map((r) => r.cv))).toBeGreaterThan(average(wt.map((r) => r.cv)));
    expect(average(dko.map((r) => r.connectiveFraction))).toBeGreaterThan(
      average(wt.map((r) => r.connectiveFraction)),
    );
    const loso = dashboard.separability.find((s) => s.region === "" && s.featureSet === "diameter");
    expect(loso?.total).toBe(6);
  }, 400_000);
});
