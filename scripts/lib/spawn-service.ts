/**
 * @module spawn-service
 * Runs child processes whose output lines are prefixed with `[name]`, so web,
 * worker and build logs stay readable when interleaved in one terminal.
 *
 * Each child gets its own process group (`detached`): a terminal Ctrl-C then
 * reaches only the launcher, which stops the children in a deliberate order,
 * and stopping a service signals the whole group (npm → sh → next, tsx → node)
 * instead of only its top process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnServiceOptions {
  /** Shown as the `[name]` prefix of every output line. */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Aborting stops the service (SIGTERM, then SIGKILL after the stop timeout). */
  signal?: AbortSignal;
}

export interface Service {
  name: string;
  pid: number;
  /** Settles when the top process exits; never rejects. */
  exited: Promise<ServiceExit>;
  /** Sends `signal` to the process group, escalating to SIGKILL after `timeoutMs`. */
  stop(options?: { signal?: NodeJS.Signals; timeoutMs?: number }): Promise<ServiceExit>;
  isRunning(): boolean;
}

export function spawnService(options: SpawnServiceOptions): Service {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const { pid } = child;
  if (pid === undefined) {
    throw new Error(`[${options.name}] could not start ${options.command}`);
  }
  pipeWithPrefix(child, options.name);
  let isRunning = true;
  const exited = new Promise<ServiceExit>((resolve) => {
    child.once("exit", (code, signal) => {
      isRunning = false;
      resolve({ code, signal });
    });
    child.once("error", (error) => {
      process.stderr.write(`[${options.name}] ${error.message}\n`);
      isRunning = false;
      resolve({ code: 1, signal: null });
    });
  });
  // Last resort if the launcher itself exits abruptly: never leave a detached group behind.
  const killOnExit = () => signalGroup(pid, "SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => process.removeListener("exit", killOnExit));

  const stop: Service["stop"] = async ({ signal = "SIGTERM", timeoutMs = 15_000 } = {}) => {
    if (!isRunning) return exited;
    signalGroup(pid, signal);
    const timer = setTimeout(() => {
      process.stderr.write(`[${options.name}] still running after ${timeoutMs} ms; killing\n`);
      signalGroup(pid, "SIGKILL");
    }, timeoutMs);
    const result = await exited;
    clearTimeout(timer);
    // The top process may exit before its own children (e.g. npm before next).
    signalGroup(pid, "SIGKILL");
    return result;
  };
  options.signal?.addEventListener("abort", () => void stop(), { once: true });
  if (options.signal?.aborted) void stop();
  return { name: options.name, pid, exited, stop, isRunning: () => isRunning };
}

/** Runs a command to completion with prefixed output; rejects on a non-zero exit. */
export async function runCommand(options: SpawnServiceOptions): Promise<void> {
  const exit = await spawnService(options).exited;
  if (exit.code !== 0) {
    const commandLine = [options.command, ...options.args].join(" ");
    throw new Error(`[${options.name}] ${commandLine} ${describeExit(exit)}`);
  }
}

/** Describes how a service ended, e.g. "exited with code 1". */
export function describeExit({ code, signal }: ServiceExit): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

function pipeWithPrefix(child: ChildProcess, name: string): void {
  const prefix = `[${name}] `;
  if (child.stdout) {
    createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY }).on(
      "line",
      (line) => process.stdout.write(`${prefix}${line}\n`),
    );
  }
  if (child.stderr) {
    createInterface({ input: child.stderr, crlfDelay: Number.POSITIVE_INFINITY }).on(
      "line",
      (line) => process.stderr.write(`${prefix}${line}\n`),
    );
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    // A negative pid addresses the process group that `detached` created.
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
