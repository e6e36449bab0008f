/**
 * `npm run test:e2e`: Playwright against the real stack. Creates a throwaway
 * database, seeds the demo, builds the web app if needed, starts `next start`
 * and a worker on it, runs the specs in test/e2e with Debian's Chromium, and
 * tears everything down again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb } from "@myoscope/db/client";
import { withTestDatabase } from "../test/support/test-database.ts";
import { ensureWebBuild } from "./lib/build-web.ts";
import { ensureChromium } from "./lib/ensure-chromium.ts";
import { REPO_ROOT, WEB_DIR } from "./lib/paths.ts";
import { waitForHttp } from "./lib/ports.ts";
import { runCommand, spawnService } from "./lib/spawn-service.ts";
import { seedDemo } from "./seed-demo.ts";

const PORT = Number(process.env.E2E_PORT ?? 3310);
const baseUrl = `http://127.0.0.1:${PORT}`;

ensureChromium();
await ensureWebBuild({ env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });

const code = await withTestDatabase(
  async (databaseUrl) => {
    const db = createDb(databaseUrl, { poolSize: 1 });
    await seedDemo(db, { log: (m) => console.log(`[e2e] ${m}`) });
    await db.$disconnect();
    const storageDir = mkdtempSync(join(tmpdir(), "myoscope-e2e-storage-"));
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      STORAGE_DIR: storageDir,
      AUTH_SECRET: "e2e-secret-not-for-production-0123456789",
      AUTH_TRUST_HOST: "true",
      AUTH_URL: baseUrl,
      MAX_UPLOAD_MB: "20",
      NEXT_TELEMETRY_DISABLED: "1",
      WORKER_POLL_INTERVAL_S: "0.5",
    };
    const web = spawnService({
      name: "web",
      command: join(REPO_ROOT, "node_modules/.bin/next"),
      args: ["start", "-p", String(PORT), "-H", "127.0.0.1"],
      cwd: WEB_DIR,
      env,
    });
    const worker = spawnService({
      name: "worker",
      command: join(REPO_ROOT, "node_modules/.bin/tsx"),
      args: ["apps/worker/src/main.ts"],
      cwd: REPO_ROOT,
      env,
    });
    try {
      await waitForHttp(baseUrl, { timeoutMs: 60_000 });
      await runCommand({
        name: "playwright",
        command: join(REPO_ROOT, "node_modules/.bin/playwright"),
        args: ["test", ...process.argv.slice(2)],
        cwd: REPO_ROOT,
        // Specs that seed their own fixtures (e.g. survey.spec.ts) write to the same database and storage.
        env: {
          ...process.env,
          E2E_BASE_URL: baseUrl,
          E2E_DATABASE_URL: databaseUrl,
          E2E_STORAGE_DIR: storageDir,
        },
      });
      return 0;
    } catch (error) {
      console.error(`[e2e] ${(error as Error).message}`);
      return 1;
    } finally {
      await Promise.all([web.stop(), worker.stop()]);
      rmSync(storageDir, { recursive: true, force: true });
    }
  },
  { log: (m) => console.log(`[e2e] ${m}`) },
);
process.exit(code);
