import { parseArgs } from "node:util";
import { createDb } from "@myoscope/db/client";
import { listRecentJobs } from "@myoscope/db/jobs";
import { readWorkerEnv } from "../../env.ts";
import { type CliCommand, CliUsageError } from "../command.ts";
import { renderJobs } from "../render-jobs.ts";

export const jobsCommand: CliCommand = {
  name: "jobs",
  usage: "jobs [--watch] [--limit N]  show recent jobs with their progress",
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        watch: { type: "boolean", default: false },
        limit: { type: "string", default: "15" },
      },
    });
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new CliUsageError(`--limit must be a positive integer, got ${values.limit}`);
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
  },
};
