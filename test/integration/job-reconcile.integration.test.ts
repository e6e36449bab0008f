/**
 * When a worker dies, pg-boss expires its attempt by itself; reconcileJobMirror
 * carries that into the `jobs` rows the UI shows. The attempts here are taken
 * with pg-boss's own fetch (what a worker does) and then abandoned.
 */
import { withTransaction } from "@myoscope/db/client";
import { findJob, markJobRunning } from "@myoscope/db/jobs";
import { defineJob } from "@myoscope/jobs/define-job";
import { enqueueJob } from "@myoscope/jobs/enqueue-job";
import { type Queue, startQueue } from "@myoscope/jobs/queue";
import { reconcileJobMirror } from "@myoscope/jobs/reconcile-job-mirror";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { createJobHarness, type JobHarness } from "../support/job-harness.ts";
import { waitFor } from "../support/wait-for.ts";

const lastChanceJob = defineJob({
  name: "test.expires-without-retry",
  title: "expires, no retries left",
  payload: z.object({}),
  retry: { limit: 0, delaySeconds: 1, backoff: false },
  timeoutSeconds: 1,
});

const retriedJob = defineJob({
  name: "test.expires-with-retry",
  title: "expires, one retry left",
  payload: z.object({}),
  retry: { limit: 1, delaySeconds: 60, backoff: false },
  timeoutSeconds: 1,
});

describe("reconcileJobMirror(db)", () => {
  let harness: JobHarness;
  let supervisor: Queue;

  beforeAll(async () => {
    harness = await createJobHarness();
    for (const definition of [lastChanceJob, retriedJob]) {
      await harness.queue.createQueue(definition.name, {
        name: definition.name,
        retryLimit: definition.retry.limit,
        retryDelay: definition.retry.delaySeconds,
        expireInSeconds: definition.timeoutSeconds,
      });
    }
    // The maintenance a worker runs: expires attempts that outlived their timeout.
    supervisor = await startQueue(harness.databaseUrl, {
      supervise: true,
      maintenanceIntervalSeconds: 1,
      poolSize: 1,
    });
  });

  afterAll(async () => {
    await supervisor?.stop({ graceful: false, wait: true, timeout: 5_000 });
    await harness?.close();
  });

  async function startAndAbandon(definition: typeof lastChanceJob): Promise<string> {
    const job = await withTransaction(harness.db, (tx) =>
      enqueueJob(tx, harness.queue, definition, {}, { projectId: null, createdById: null }),
    );
    const [taken] = await harness.queue.fetch(definition.name);
    expect(taken?.id).toBe(job.id);
    expect(await markJobRunning(harness.db, job.id)).toBe(1);
    return job.id;
  }

  async function waitForQueueState(name: string, id: string, state: string): Promise<void> {
    await waitFor(
      async () => ((await harness.queue.getJobById(name, id))?.state === state ? true : undefined),
      { description: `pg-boss state ${state}`, timeoutMs: 15_000, intervalMs: 250 },
    );
  }

  test("marks a job failed once pg-boss gave up on its expired last attempt", async () => {
    const jobId = await startAndAbandon(lastChanceJob);
    await waitForQueueState(lastChanceJob.name, jobId, "failed");
    expect(await findJob(harness.db, { jobId })).toMatchObject({ status: "running" });

    expect(await reconcileJobMirror(harness.db)).toMatchObject({ failed: 1 });
    const job = await findJob(harness.db, { jobId });
    expect(job).toMatchObject({ status: "failed", error: "job failed by timeout in active state" });
    expect(job?.finishedAt).toBeInstanceOf(Date);
    // Idempotent: a second pass finds nothing to do.
    expect(await reconcileJobMirror(harness.db)).toEqual({ failed: 0, retrying: 0 });
  });

  test("marks a job retrying when pg-boss expired an attempt and will retry it", async () => {
    const jobId = await startAndAbandon(retriedJob);
    await waitForQueueState(retriedJob.name, jobId, "retry");

    expect(await reconcileJobMirror(harness.db)).toMatchObject({ retrying: 1 });
    expect(await findJob(harness.db, { jobId })).toMatchObject({
      status: "retrying",
      message: "attempt expired; will retry",
      attempts: 1,
    });
  });
});
