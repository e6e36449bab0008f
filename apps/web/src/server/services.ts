/**
 * @module services
 * Process-wide singletons for the running web app (kept on globalThis so dev
 * hot reloads do not open new pools). Tests build their own and never import this.
 */
import "server-only";
import { createDb, type Db } from "@myoscope/db/client";
import { type Queue, startQueue } from "@myoscope/jobs/queue";
import { createLocalStorage } from "@myoscope/storage/local-storage";
import type { Storage } from "@myoscope/storage/storage";
import { getEnv } from "~/env";

const globals = globalThis as unknown as {
  myoscopeDb?: Db;
  myoscopeQueue?: Promise<Queue>;
  myoscopeStorage?: Storage;
};

export function getDb(): Db {
  globals.myoscopeDb ??= createDb(getEnv().DATABASE_URL);
  return globals.myoscopeDb;
}

export function getQueue(): Promise<Queue> {
  globals.myoscopeQueue ??= startQueue(getEnv().DATABASE_URL, { supervise: false }).catch(
    (error: unknown) => {
      globals.myoscopeQueue = undefined;
      throw error;
    },
  );
  return globals.myoscopeQueue;
}

export function getStorage(): Storage {
  globals.myoscopeStorage ??= createLocalStorage(getEnv().STORAGE_DIR);
  return globals.myoscopeStorage;
}
