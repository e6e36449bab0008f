/**
 * @module secrets
 * Secrets that `npm start` generates once and keeps in .data so that sessions and
 * the embedded database survive restarts.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Returns the secret stored at `path`, creating it (mode 600) on first use.
 * @param byteLength entropy of a new secret, encoded as base64url
 */
export function readOrCreateSecret(path: string, byteLength = 32): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    // `wx` fails instead of overwriting when two launchers race to create it.
    writeFileSync(path, `${randomBytes(byteLength).toString("base64url")}\n`, {
      mode: 0o600,
      flag: "wx",
    });
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const secret = readFileSync(path, "utf8").trim();
  if (secret === "") throw new Error(`${path} is empty; delete it to generate a new secret`);
  return secret;
}
