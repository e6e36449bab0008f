/**
 * Vitest global setup of the integration project: one migrated database for the
 * whole run, shared by test files through `inject("databaseUrl")`. Files that
 * run a worker need a queue nobody else consumes from, and create their own
 * database on `inject("databaseServerUrl")` instead.
 */
import type { TestProject } from "vitest/node";
import { createTestDatabase, startTestServer } from "./test-database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated `myoscope_test_*` database shared by the run's test files. */
    databaseUrl: string;
    /** Administrative connection string of the server that database lives on. */
    databaseServerUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (message: string) => console.log(`[test-database] ${message}`);
  const server = await startTestServer({ log });
  const database = await createTestDatabase({ serverUrl: server.url, log });
  project.provide("databaseUrl", database.url);
  project.provide("databaseServerUrl", server.url);
  return async () => {
    try {
      await database.drop();
    } finally {
      await server.stop();
    }
  };
}
