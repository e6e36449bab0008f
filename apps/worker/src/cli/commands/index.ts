import type { CliCommand } from "../command.ts";
import { evaluateCommand } from "./evaluate.ts";
import { exportCommand } from "./export.ts";
import { featuresCommand } from "./features.ts";
import { jobsCommand } from "./jobs.ts";
import { migrateCommand } from "./migrate.ts";
import { segmentCommand } from "./segment.ts";
import { synthCommand } from "./synth.ts";
import { workerCommand } from "./worker.ts";

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  workerCommand,
  migrateCommand,
  jobsCommand,
  synthCommand,
  featuresCommand,
  segmentCommand,
  exportCommand,
  evaluateCommand,
];
