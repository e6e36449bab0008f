/**
 * @module db
 * One Prisma client per test file over the run's shared test database.
 */
import { createDb, type Db } from "@myoscope/db/client";
import { inject } from "vitest";

let shared: Db | undefined;

export function getTestDb(): Db {
  shared ??= createDb(inject("databaseUrl"), { poolSize: 4 });
  return shared;
}

/** Closes the file's client; test/support/setup-integration.ts calls it after each file. */
export async function disconnectTestDb(): Promise<void> {
  const db = shared;
  shared = undefined;
  await db?.$disconnect();
}
