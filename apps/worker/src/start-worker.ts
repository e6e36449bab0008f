/**
 * @module start-worker
 * Connects to Postgres, registers a pg-boss consumer per job type and returns a
 * function that drains in-flight jobs and disconnects.
 */
import { createDb } from "@myoscope/db/client";
import { JOB_CATALOG } from "@myoscope/jobs/catalog";
import { startQueue } from "@myoscope/jobs/queue";
import { reconcileJobMirror } from "@myoscope/jobs/reconcile-job-mirror";
import { registerBuiltinModel } from "@myoscope/models/register-builtin-model";
import { createLocalStorage } from "@myoscope/storage/local-storage";
import { removeAbandonedUploads } from "@myoscope/storage/remove-abandoned-uploads";
import { parseFailpoints } from "./failpoints.ts";
import { createJobHandlers } from "./jobs/handlers.ts";
import { runJob } from "./jobs/run-job.ts";
import { DEFAULT_MODEL_PATH } from "./segmentation/default-model-path.ts";
import { getVipsSupport } from "./wsi/check-vips-support.ts";

/** How often abandoned chunked uploads are looked for. */
const UPLOAD_CLEANUP_INTERVAL_MS = 3_600_000;

export interface WorkerConfig {
  databaseUrl: string;
  storageDir: string;
  /** Jobs of each type processed at once by this process. */
  concurrency: number;
  pollIntervalSeconds: number;
  maintenanceIntervalSeconds: number;
  failpoints: string;
  /**
   * The shipped segmentation model, registered (idempotently) at start; `null` skips it.
   * @default DEFAULT_MODEL_PATH
   */
  builtinModelPath?: string | null;
  /**
   * Chunked uploads idle for longer than this are deleted (checked hourly).
   * @default 24
   */
  uploadMaxIdleHours?: number;
  /**
   * Sections above this many pixels are post-processed in tiles.
   * @default WHOLE_IMAGE_MAX_PIXELS (256 Mi)
   */
  wholeImageMaxPixels?: number;
  log?: (message: string) => void;
}

export interface RunningWorker {
  stop(): Promise<void>;
}

export async function startWorker(config: WorkerConfig): Promise<RunningWorker> {
  const log = config.log ?? ((message: string) => console.log(`[worker] ${message}`));
  const JOB_HANDLERS = createJobHandlers(
    config.wholeImageMaxPixels === undefined
      ? {}
      : { wholeImageMaxPixels: config.wholeImageMaxPixels },
  );
  for (const definition of JOB_CATALOG) {
    if (!JOB_HANDLERS.some((h) => h.definition.name === definition.name)) {
      throw new Error(`job type ${definition.name} has no handler`);
    }
  }
  const db = createDb(config.databaseUrl, { poolSize: config.concurrency + 2 });
  const queue = await startQueue(config.databaseUrl, {
    supervise: true,
    maintenanceIntervalSeconds: config.maintenanceIntervalSeconds,
  });
  const deps = {
    db,
    storage: createLocalStorage(config.storageDir),
    failpoints: parseFailpoints(config.failpoints),
    log,
  };
  const builtinModelPath =
    config.builtinModelPath === undefined ? DEFAULT_MODEL_PATH : config.builtinModelPath;
  if (builtinModelPath !== null) {
    // A broken shipped model must not keep the worker from running other jobs.
    await registerBuiltinModel(db, deps.storage, builtinModelPath, { log }).catch(
      (error: unknown) => log(`registering the built-in model failed: ${(error as Error).message}`),
    );
  }
  // Whole-slide formats need Debian's vips with OpenSlide; say so at start, not at the first slide.
  log((await getVipsSupport()).message);
  for (const { definition, handler } of JOB_HANDLERS) {
    for (let i = 0; i < config.concurrency; i++) {
      await queue.work(
        definition.name,
        { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: config.pollIntervalSeconds },
        async ([job]) => {
          if (job) await runJob(deps, definition, handler, job);
        },
      );
    }
  }
  const reconcile = async () => {
    try {
      const { failed, retrying } = await reconcileJobMirror(db);
      if (failed + retrying > 0) log(`reconciled jobs: ${failed} failed, ${retrying} retrying`);
    } catch (error) {
      log(`reconciling jobs failed: ${(error as Error).message}`);
    }
  };
  await reconcile();
  const reconcileTimer = setInterval(reconcile, config.maintenanceIntervalSeconds * 1000);
  const maxIdleMs = (config.uploadMaxIdleHours ?? 24) * 3_600_000;
  // Uploads a client abandoned would otherwise keep up to a slide's bytes for ever.
  const cleanUploads = async () => {
    try {
      const removed = await removeAbandonedUploads(deps.storage, { maxIdleMs });
      if (removed.length > 0) log(`removed ${removed.length} abandoned upload(s)`);
    } catch (error) {
      log(`removing abandoned uploads failed: ${(error as Error).message}`);
    }
  };
  await cleanUploads();
  const uploadTimer = setInterval(cleanUploads, UPLOAD_CLEANUP_INTERVAL_MS);
  log(`ready: ${JOB_HANDLERS.map((h) => h.definition.name).join(", ")}`);
  return {
    async stop() {
      clearInterval(reconcileTimer);
      clearInterval(uploadTimer);
      await queue.stop({ graceful: true, wait: true, timeout: 30_000 });
      await db.$disconnect();
    },
  };
}
