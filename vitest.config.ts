import { defineConfig } from "vitest/config";

// Two tiers, chosen by file name: `*.test.ts` next to the code (pure, fast) and
// `*.integration.test.ts` against a real Postgres, real pg-boss and real images.
export default defineConfig({
  test: {
    // The machine has 2 cores; more forks only contend for them.
    maxWorkers: 2,
    // Global teardown drops the test database (and may stop an embedded cluster).
    teardownTimeout: 60_000,
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/**/src/**/*.test.ts", "apps/**/src/**/*.test.ts"],
          exclude: ["**/node_modules/**", "**/*.integration.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: [
            "test/integration/**/*.integration.test.ts",
            "apps/**/src/**/*.integration.test.ts",
          ],
          exclude: ["**/node_modules/**"],
          environment: "node",
          globalSetup: ["test/support/global-setup.ts"],
          setupFiles: ["test/support/setup-integration.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
