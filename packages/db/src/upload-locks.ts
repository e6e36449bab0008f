/**
 * @module upload-locks
 * Serialises the commits of a resumable upload's chunks (the session record
 * lives in storage, so Postgres is the one place every web process shares).
 */
import type { DbOrTx } from "./client.ts";

/** Holds a transaction-scoped advisory lock on one upload until the transaction ends. */
export async function lockUploadSession(tx: DbOrTx, uploadId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`upload:${uploadId}`}))`;
}
