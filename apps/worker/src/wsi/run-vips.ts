/**
 * @module wsi/run-vips
 * Runs Debian's `vips` / `vipsheader` command-line tools (libvips-tools with
 * OpenSlide). sharp's bundled libvips has no OpenSlide, so vendor slides go
 * through these. Arguments are passed as an array, never through a shell.
 */
import { spawn } from "node:child_process";

export class VipsCommandError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "VipsCommandError";
  }
}

export interface RunVipsOptions {
  /**
   * Kills the process after this many milliseconds.
   * @default 600_000
   */
  timeoutMs?: number;
  /** Receives stdout as it arrives (e.g. `--vips-progress` lines). */
  onOutput?: (text: string) => void;
}

/** The useful part of vips' stderr: errors, not its GLib warnings about unknown TIFF tags. */
export function summarizeVipsError(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/VIPS-WARNING|^\(vips/.test(line));
  return lines.slice(-3).join("; ").slice(0, 500) || "vips failed without a message";
}

/** Runs `command args…` and resolves with its stdout; rejects with VipsCommandError. */
export function runVips(
  command: "vips" | "vipsheader",
  args: string[],
  options: RunVipsOptions = {},
): Promise<string> {
  const { timeoutMs = 600_000, onOutput } = options;
  return new Promise((resolve, reject) => {
    // sharp sets VIPSHOME to its bundled libvips when imported; the system vips
    // would then look for its modules (OpenSlide) there. `env -u` drops it.
    const child = spawn("env", ["-u", "VIPSHOME", command, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      onOutput?.(text);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new VipsCommandError(`cannot run ${command}: ${error.message}`, { cause: error }));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else if (signal) reject(new VipsCommandError(`${command} was stopped (${signal})`));
      else reject(new VipsCommandError(summarizeVipsError(stderr)));
    });
  });
}
