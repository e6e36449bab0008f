/**
 * @module build-web
 * Runs `next build` only when the web app's inputs changed since the last build.
 * The fingerprint covers the committed trees of the paths the build reads plus
 * every uncommitted change under them (diff and untracked files), so unrelated
 * edits (tests, worker, scripts) do not cost a rebuild.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, WEB_DIR } from "./paths.ts";
import { runCommand } from "./spawn-service.ts";

/** Paths (relative to the repo root) whose contents can change the web build. */
const WEB_BUILD_INPUTS = [
  "apps/web",
  "packages",
  "prisma",
  "package.json",
  "package-lock.json",
  "tsconfig.base.json",
];

const BUILD_ID_FILE = join(WEB_DIR, ".next/BUILD_ID");
const FINGERPRINT_FILE = join(WEB_DIR, ".next/myoscope-fingerprint");

export interface EnsureWebBuildOptions {
  /** Build even when the fingerprint matches. */
  force?: boolean;
  /** Environment of `next build`; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** Aborting kills a running build. */
  signal?: AbortSignal;
  log?: (message: string) => void;
}

export interface EnsureWebBuildResult {
  /** Whether `next build` ran (false: the existing build was up to date). */
  hasBuilt: boolean;
}

export async function ensureWebBuild(
  options: EnsureWebBuildOptions = {},
): Promise<EnsureWebBuildResult> {
  const log = options.log ?? console.log;
  const fingerprint = computeWebFingerprint();
  const reason = findRebuildReason({ force: options.force ?? false, fingerprint });
  if (reason === null) {
    log("web build is up to date (apps/web/.next)");
    return { hasBuilt: false };
  }
  log(`building the web app: ${reason}`);
  await runCommand({
    name: "build",
    command: "npm",
    args: ["run", "build", "-w", "@myoscope/web"],
    cwd: REPO_ROOT,
    env: options.env ?? process.env,
    signal: options.signal,
  });
  if (fingerprint !== null) writeFileSync(FINGERPRINT_FILE, `${fingerprint}\n`);
  return { hasBuilt: true };
}

function findRebuildReason(input: { force: boolean; fingerprint: string | null }): string | null {
  if (input.force) return "forced";
  if (!existsSync(BUILD_ID_FILE)) return "no previous build";
  if (input.fingerprint === null) return "not a git checkout, so changes cannot be detected";
  if (!existsSync(FINGERPRINT_FILE)) return "previous build has no fingerprint";
  const stored = readFileSync(FINGERPRINT_FILE, "utf8").trim();
  return stored === input.fingerprint ? null : "sources changed since the last build";
}

/** sha256 over the web build's inputs, or null when git cannot describe them. */
export function computeWebFingerprint(): string | null {
  try {
    const hash = createHash("sha256");
    hash.update(git(["ls-tree", "HEAD", "--", ...WEB_BUILD_INPUTS]));
    hash.update(git(["diff", "HEAD", "--binary", "--", ...WEB_BUILD_INPUTS]));
    const untracked = git([
      "ls-files",
      "--others",
      "--exclude-standard",
      "-z",
      "--",
      ...WEB_BUILD_INPUTS,
    ])
      .split("\0")
      .filter((path) => path !== "")
      .sort();
    for (const path of untracked) {
      hash.update(`\0${path}\0`);
      hash.update(readFileSync(join(REPO_ROOT, path)));
    }
    return hash.digest("hex");
  } catch {
    return null;
  }
}

function git(args: readonly string[]): string {
  return execFileSync("git", args, {
    cwd: REPO_ROOT,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    stdio: ["ignore", "pipe", "ignore"],
  });
}
