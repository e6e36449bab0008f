/**
 * The `myoscope` command-line tool. Subcommands live in `commands/`.
 */
import { CliUsageError } from "./command.ts";
import { COMMANDS } from "./commands/index.ts";

function formatHelp(): string {
  const lines = COMMANDS.map((command) => `  ${command.usage}`);
  return [
    "usage: myoscope <command> [options]",
    "",
    "commands:",
    ...lines,
    "",
    "environment: DATABASE_URL (database commands), STORAGE_DIR (default .data/storage)",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    console.log(formatHelp());
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    console.error(`unknown command "${name}"\n\n${formatHelp()}`);
    return 2;
  }
  return command.run(rest);
}

try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (error) {
  console.error(`myoscope: ${(error as Error).message}`);
  process.exit(error instanceof CliUsageError ? 2 : 1);
}
