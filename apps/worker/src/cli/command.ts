/**
 * @module cli/command
 * One subcommand of the `myoscope` tool. Each lives in `commands/<name>.ts`
 * and is listed in `commands/index.ts`, so adding a command touches one line
 * of shared code.
 */
export type CliCommand = {
  name: string;
  /** One line for `myoscope --help`, including the argument synopsis. */
  usage: string;
  /**
   * Runs the command. Resolves to the exit code, or -1 for long-running
   * commands (the worker) that must keep the process alive.
   */
  run: (args: string[]) => Promise<number>;
};

/** A usage error: printed without a stack trace, exit code 2. */
export class CliUsageError extends Error {
  override name = "CliUsageError";
}
