/**
 * `npm start` (production build) and `npm run dev` (`next dev`): runs the whole
 * app on one machine.
 *
 * 1. Database: DATABASE_URL if set, else an embedded Postgres in .data/postgres.
 * 2. Migrations, then the demo seed when the database has no users.
 * 3. Secrets and paths for the children (AUTH_SECRET persisted in .data).
 * 4. `next build` when the web sources changed (skipped with --dev).
 * 5. Web and worker with prefixed output; when either exits, or on a signal,
 *    both stop, then Postgres.
 */
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createDb } from "@myoscope/db/client";
import { applyMigrations } from "@myoscope/db/migrate";
import { MIGRATIONS_DIR } from "@myoscope/db/paths";
import { findUserByEmail } from "@myoscope/db/users";
import { startQueue } from "@myoscope/jobs/queue";
import { createLocalStorage } from "@myoscope/storage/local-storage";
import { DEFAULT_MODEL_PATH } from "@myoscope/worker/segmentation/default-model-path";
import { ensureWebBuild } from "./lib/build-web.ts";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { relaunchInOwnProcessGroup } from "./lib/own-process-group.ts";
import { DATA_DIR, REPO_ROOT, WEB_DIR } from "./lib/paths.ts";
import { isPortInUse, waitForHttp } from "./lib/ports.ts";
import { readOrCreateSecret } from "./lib/secrets.ts";
import { describeExit, type Service, spawnService } from "./lib/spawn-service.ts";
import { DEMO_CREDENTIALS, hasAnyUser, seedDemo } from "./seed-demo.ts";

interface StartConfig {
  isDev: boolean;
  port: number;
  embeddedPgPort: number;
  /** From the environment; null means "start the embedded Postgres". */
  databaseUrl: string | null;
  authSecret: string | null;
  storageDir: string;
}

interface Database {
  url: string;
  isEmbedded: boolean;
  description: string;
  stop: () => Promise<void>;
}

const log = (message: string) => console.log(`[start] ${message}`);
const aborter = new AbortController();
const services: Service[] = [];
let database: Database | null = null;
let shutdownPromise: Promise<never> | null = null;

async function main(): Promise<void> {
  await relaunchInOwnProcessGroup();
  const config = readStartConfig(process.env, process.argv.slice(2));
  installSignalHandlers();
  mkdirSync(DATA_DIR, { recursive: true });
  await assertPortIsFree(config.port);
  database = await provideDatabase(config);
  log(`database: ${database.description}`);
  await migrateDatabase(database.url);
  const hasDemoUser = await seedIfEmpty(database.url, config.storageDir);
  const env = buildServiceEnv(config, database.url);
  if (!config.isDev) await ensureWebBuild({ env, signal: aborter.signal, log });
  aborter.signal.throwIfAborted();
  services.push(spawnWeb(config, env), spawnWorker(env));
  void announceWhenReady(config, hasDemoUser);
  const ended = await Promise.race(services.map((s) => s.exited.then((exit) => ({ s, exit }))));
  if (shutdownPromise) await shutdownPromise;
  log(`${ended.s.name} ${describeExit(ended.exit)}; stopping the others`);
  await shutdown(ended.exit.code === 0 ? 0 : 1);
}

function readStartConfig(env: NodeJS.ProcessEnv, args: readonly string[]): StartConfig {
  return {
    isDev: args.includes("--dev"),
    port: parsePort("PORT", env.PORT, 3000),
    embeddedPgPort: parsePort("EMBEDDED_PG_PORT", env.EMBEDDED_PG_PORT, 54329),
    databaseUrl: env.DATABASE_URL || null,
    authSecret: env.AUTH_SECRET || null,
    storageDir: env.STORAGE_DIR || join(DATA_DIR, "storage"),
  };
}

function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name} must be a TCP port number, got ${JSON.stringify(value)}`);
  }
  return port;
}

async function assertPortIsFree(port: number): Promise<void> {
  if (await isPortInUse(port)) {
    throw new Error(`port ${port} is already in use; stop what is running there or set PORT`);
  }
}

async function provideDatabase(config: StartConfig): Promise<Database> {
  if (config.databaseUrl !== null) {
    return {
      url: config.databaseUrl,
      isEmbedded: false,
      description: `DATABASE_URL from the environment (${redactUrl(config.databaseUrl)})`,
      stop: async () => {},
    };
  }
  const dataDir = join(DATA_DIR, "postgres");
  log(`DATABASE_URL is not set: starting the embedded Postgres (${dataDir})`);
  const server: EmbeddedPostgresHandle = await startEmbeddedPostgres({
    dataDir,
    port: config.embeddedPgPort,
    database: "myoscope",
  });
  return {
    url: server.databaseUrl,
    isEmbedded: true,
    description:
      `embedded Postgres, data in ${dataDir}, ${redactUrl(server.databaseUrl)} ` +
      "(set DATABASE_URL to use another server)",
    stop: server.stop,
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

async function migrateDatabase(databaseUrl: string): Promise<void> {
  const { applied, alreadyApplied } = await applyMigrations(databaseUrl, MIGRATIONS_DIR);
  log(`migrations: ${applied.length} applied, ${alreadyApplied} already present`);
  for (const name of applied) log(`  + ${name}`);
}

/**
 * Seeds the demo into an empty database, with the demo cohort's synthetic
 * sections stored and their segmentation jobs queued, so that the worker fills
 * the cohort dashboard with real results within minutes of the first start.
 * Returns whether the demo user exists.
 */
async function seedIfEmpty(databaseUrl: string, storageDir: string): Promise<boolean> {
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    if (await hasAnyUser(db)) {
      return (await findUserByEmail(db, DEMO_CREDENTIALS.email)) !== null;
    }
    mkdirSync(storageDir, { recursive: true });
    const queue = await startQueue(databaseUrl, { poolSize: 2 });
    try {
      const storage = createLocalStorage(storageDir);
      await seedDemo(db, { log, cohort: { storage, queue, modelPath: DEFAULT_MODEL_PATH } });
    } finally {
      await queue.stop({ graceful: true, wait: true, timeout: 5_000 });
    }
    return true;
  } finally {
    await db.$disconnect();
  }
}

function buildServiceEnv(config: StartConfig, databaseUrl: string): NodeJS.ProcessEnv {
  mkdirSync(config.storageDir, { recursive: true });
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: config.authSecret ?? readOrCreateSecret(join(DATA_DIR, "auth-secret")),
    // next-auth v5 rejects requests whose host it cannot verify; we serve our own origin.
    AUTH_TRUST_HOST: "true",
    STORAGE_DIR: config.storageDir,
    PORT: String(config.port),
  };
}

function spawnWeb(config: StartConfig, env: NodeJS.ProcessEnv): Service {
  // Run next's own bin with node: one process to signal, no npm/sh layers in between.
  const nextBin = createRequire(join(WEB_DIR, "package.json")).resolve("next/dist/bin/next");
  const mode = config.isDev ? "dev" : "start";
  return spawnService({
    name: "web",
    command: process.execPath,
    args: [nextBin, mode, "-p", String(config.port)],
    cwd: WEB_DIR,
    env,
  });
}

function spawnWorker(env: NodeJS.ProcessEnv): Service {
  const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
  return spawnService({
    name: "worker",
    command: process.execPath,
    args: [tsxCli, "apps/worker/src/main.ts"],
    cwd: REPO_ROOT,
    env,
  });
}

async function announceWhenReady(config: StartConfig, hasDemoUser: boolean): Promise<void> {
  const url = `http://localhost:${config.port}`;
  try {
    await waitForHttp(url, { timeoutMs: 300_000, signal: aborter.signal });
  } catch {
    return;
  }
  const lines = [
    `Myoscope is running at ${url}${config.isDev ? " (dev mode)" : ""}`,
    hasDemoUser
      ? `Demo login: ${DEMO_CREDENTIALS.email} / ${DEMO_CREDENTIALS.password}`
      : "Sign in with your account (the demo user was not seeded: the database had users)",
    `Database: ${database?.isEmbedded ? "embedded Postgres in .data/postgres" : "DATABASE_URL"}`,
    "Stop with Ctrl-C",
  ];
  const rule = "─".repeat(Math.min(72, Math.max(...lines.map((line) => line.length)) + 2));
  console.log(["", rule, ...lines.map((line) => ` ${line}`), rule, ""].join("\n"));
}

function installSignalHandlers(): void {
  const codes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  let firstSignalAt = 0;
  for (const [signal, code] of Object.entries(codes)) {
    process.on(signal, () => {
      if (shutdownPromise) {
        // Wrappers (npm, tsx) may deliver one keypress twice; only a later one means "hurry".
        if (Date.now() - firstSignalAt < 2_000) return;
        log(`${signal} again: killing everything now`);
        for (const service of services) void service.stop({ signal: "SIGKILL" });
        return;
      }
      firstSignalAt = Date.now();
      log(`${signal}: stopping web, worker and database`);
      void shutdown(code, signal as NodeJS.Signals);
    });
  }
}

/** Stops the children (forwarding `signal`), then the database, then exits. Idempotent. */
function shutdown(code: number, signal: NodeJS.Signals = "SIGTERM"): Promise<never> {
  shutdownPromise ??= (async () => {
    aborter.abort();
    await Promise.all(services.map((service) => service.stop({ signal })));
    if (database) {
      try {
        await database.stop();
        if (database.isEmbedded) log("embedded Postgres stopped");
      } catch (error) {
        console.error(`[start] ${(error as Error).message}`);
        code = code || 1;
      }
    }
    process.exit(code);
  })();
  return shutdownPromise;
}

try {
  await main();
} catch (error) {
  if (!aborter.signal.aborted) {
    console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
  await shutdownPromise;
}
