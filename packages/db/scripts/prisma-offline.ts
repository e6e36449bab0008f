/**
 * Runs the Prisma CLI without its native engines, which this project cannot
 * download (no access to Prisma's binary host). The client uses the bundled
 * WebAssembly query compiler (`engineType = "client"`), so the CLI only needs
 * *some* executable at these paths to get past its pre-flight download.
 * See ../shared/NOTES.md, "Prisma offline".
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export function runPrismaOffline(args: readonly string[]): number {
  const dir = mkdtempSync(join(tmpdir(), "prisma-offline-"));
  const dummy = join(dir, "no-native-engine");
  writeFileSync(dummy, "#!/bin/sh\nexit 1\n");
  chmodSync(dummy, 0o755);
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, "node_modules/prisma/build/index.js"), ...args],
    {
      cwd: repoRoot,
      stdio: "inherit",
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: dummy,
        PRISMA_QUERY_ENGINE_LIBRARY: dummy,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
        PRISMA_GENERATE_SKIP_AUTOINSTALL: "1",
      },
    },
  );
  return result.status ?? 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const withSchema = args[0] === "generate" ? [...args, "--schema", "prisma/schema.prisma"] : args;
  process.exit(runPrismaOffline(withSchema));
}
