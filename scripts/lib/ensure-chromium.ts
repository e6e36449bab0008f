/**
 * Browser tests use Debian's Chromium (Playwright's own download is not
 * reachable offline). Installs it with apt when missing and we are root, so a
 * fresh machine needs nothing by hand.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM_PATH = "/usr/bin/chromium";

export function ensureChromium(log: (message: string) => void = console.log): void {
  if (existsSync(CHROMIUM_PATH)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM_PATH} is missing: run "sudo apt-get install -y chromium" once`);
  }
  log("installing Debian's chromium for the browser tests (apt-get)");
  execFileSync("apt-get", ["update"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}
