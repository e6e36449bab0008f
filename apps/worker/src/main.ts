/** Worker process entry point: `npm run worker` or `myoscope worker`. */
import { pathToFileURL } from "node:url";
import { readWorkerEnv } from "./env.ts";
import { startWorker } from "./start-worker.ts";

export async function runWorkerProcess(): Promise<void> {
  const env = readWorkerEnv();
  const worker = await startWorker({
    databaseUrl: env.DATABASE_URL,
    storageDir: env.STORAGE_DIR,
    concurrency: env.WORKER_CONCURRENCY,
    pollIntervalSeconds: env.WORKER_POLL_INTERVAL_S,
    maintenanceIntervalSeconds: env.WORKER_MAINTENANCE_INTERVAL_S,
    failpoints: env.MYOSCOPE_FAILPOINTS,
    wholeImageMaxPixels: env.MYOSCOPE_WHOLE_IMAGE_MAX_PIXELS,
    uploadMaxIdleHours: env.UPLOAD_MAX_IDLE_HOURS,
  });
  let isStopping = false;
  const shutdown = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    console.log(`[worker] ${signal}: finishing running jobs`);
    await worker.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

// Compared as URLs: a checkout path with spaces or non-ASCII characters is
// percent-encoded in import.meta.url but not in argv.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runWorkerProcess();
}
