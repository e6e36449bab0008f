import type { CliCommand } from "../command.ts";
import { jobsCommand } from "./jobs.ts";
import { migrateCommand } from "./migrate.ts";
import { workerCommand } from "./worker.ts";

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [workerCommand, migrateCommand, jobsCommand];
