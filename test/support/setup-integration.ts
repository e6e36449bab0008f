/** Runs in every integration test file before its tests. */
import { afterAll } from "vitest";
import { disconnectTestDb } from "./db.ts";

afterAll(async () => {
  await disconnectTestDb();
});
