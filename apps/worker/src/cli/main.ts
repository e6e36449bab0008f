/**
 * The `myoscope` command-line tool.
 *
 *   myoscope worker              run a worker process
 *   myoscope migrate             apply database migrations
 *   myoscope jobs [--watch]      list recent jobs with progress bars
 */
import { parseArgs } from "node:util";
import { createDb } from "@myoscope/db/client";
import { listRecentJobs } from "@myoscope/db/jobs";
import { applyMigrations } from "@myoscope/db/migrate";
import { MIGRATIONS_DIR } from "@myoscope/db/paths";
import { readWorkerEnv } from "../env.ts";
import { runWorkerProcess } from "../main.ts";
import { renderJobs } from "./render-jobs.ts";

const HELP = `usage: myoscope <command> [options]

commands:
  worker              run a worker that processes queued jobs
  migrate             apply pending database migrations
  jobs [--watch] [--limit N]
                      show recent jobs with their progress

environment: DATABASE_URL (required), STORAGE_DIR (default .data/storage)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "worker":
      await runWorkerProcess();
      return -1;
    case "migrate": {
      const env = readWorkerEnv();
      const { applied } = await applyMigrations(env.DATABASE_URL, MIGRATIONS_DIR);
      console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
      return 0;
    }
    case "jobs": {
      const { values } = parseArgs({
        args: rest,
        options: {
          watch: { type: "boolean", default: false },
          limit: { type: "string", default: "15" },
        },
      });
      const limit = Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) {
        console.error(`--limit must be a positive integer, got ${values.limit}`);
        return 2;
      }
      const db = createDb(readWorkerEnv().DATABASE_URL, { poolSize: 1 });
      try {
        do {
          const text = renderJobs(await listRecentJobs(db, limit));
          if (values.watch) process.stdout.write("\x1b[2J\x1b[H");
          console.log(text);
          if (values.watch) await new Promise((r) => setTimeout(r, 1000));
        } while (values.watch);
      } finally {
        await db.$disconnect();
      }
      return 0;
    }
    case undefined:
    case "help":
    case "--help":
      console.log(HELP);
      return 0;
    default:
      console.error(`unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (error) {
  console.error(`myoscope: ${(error as Error).message}`);
  process.exit(1);
}
