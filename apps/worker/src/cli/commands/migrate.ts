import { applyMigrations } from "@myoscope/db/migrate";
import { MIGRATIONS_DIR } from "@myoscope/db/paths";
import { readWorkerEnv } from "../../env.ts";
import type { CliCommand } from "../command.ts";

export const migrateCommand: CliCommand = {
  name: "migrate",
  usage: "migrate                     apply pending database migrations",
  async run() {
    const env = readWorkerEnv();
    const { applied } = await applyMigrations(env.DATABASE_URL, MIGRATIONS_DIR);
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
    return 0;
  },
};
