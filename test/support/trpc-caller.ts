/**
 * @module trpc-caller
 * tRPC callers over the real router, real Postgres and real storage, as a
 * given user (or nobody). The queue is started only if a procedure asks for it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Queue, startQueue } from "@myoscope/jobs/queue";
import { createLocalStorage } from "@myoscope/storage/local-storage";
import { createCaller } from "@myoscope/web/server/api/root";
import { createContextInner } from "@myoscope/web/server/api/trpc";
import type { AppDeps } from "@myoscope/web/server/deps";
import { afterAll, inject } from "vitest";
import { getTestDb } from "./db.ts";

let queue: Promise<Queue> | undefined;

afterAll(async () => {
  const started = queue;
  queue = undefined;
  if (started) await (await started).stop({ graceful: false, wait: true, timeout: 5_000 });
});

export function createTestDeps(): AppDeps {
  return {
    db: getTestDb(),
    getQueue: () => {
      queue ??= startQueue(inject("databaseUrl"), { poolSize: 2 });
      return queue;
    },
    storage: createLocalStorage(mkdtempSync(join(tmpdir(), "myoscope-api-"))),
  };
}

export type Caller = ReturnType<typeof createCaller>;

export function createTestCaller(userId: string | null, deps: AppDeps = createTestDeps()): Caller {
  return createCaller(
    createContextInner({ ...deps, session: userId ? { user: { id: userId } } : null }),
  );
}
