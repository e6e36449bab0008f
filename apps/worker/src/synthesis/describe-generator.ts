/**
 * @module synthesis/describe-generator
 * Identifies the synthesis engine that rendered a dataset: the core package's
 * version plus a hash of the engine's source files. Any change to the engine
 * changes the hash, so a recorded (parameters, seed, generator) triple says
 * exactly which code reproduces an image byte for byte.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface GeneratorInfo {
  name: "myoscope-synthesis";
  /** Version of `@myoscope/core`. */
  version: string;
  /** First 16 hex digits of sha256 over the engine's non-test sources, in name order. */
  sourceHash: string;
}

export async function describeGenerator(): Promise<GeneratorInfo> {
  const engineDir = dirname(
    fileURLToPath(import.meta.resolve("@myoscope/core/synthesis/synthesize-image")),
  );
  const packageJson = JSON.parse(await readFile(join(engineDir, "../../package.json"), "utf8")) as {
    version?: string;
  };
  const names = (await readdir(engineDir))
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
    .sort();
  const hash = createHash("sha256");
  for (const name of names) {
    hash.update(`${name}\0`);
    hash.update(await readFile(join(engineDir, name)));
    hash.update("\0");
  }
  return {
    name: "myoscope-synthesis",
    version: packageJson.version ?? "0.0.0",
    sourceHash: hash.digest("hex").slice(0, 16),
  };
}
