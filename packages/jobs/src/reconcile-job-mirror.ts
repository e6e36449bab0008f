/**
 * @module reconcile-job-mirror
 * Brings `jobs` mirror rows in line with pg-boss where no handler could: when
 * a worker dies, pg-boss expires the attempt on its own (retry, or failure once
 * retries are spent), and no code of ours runs at that moment. Workers call
 * this on start and after every maintenance interval.
 */
import type { DbOrTx } from "@myoscope/db/client";
import { Prisma } from "@myoscope/db/prisma-types";
import { QUEUE_SCHEMA } from "./queue.ts";

export interface ReconcileResult {
  /** Rows marked failed because pg-boss gave up on them. */
  failed: number;
  /** Rows marked retrying because pg-boss expired an attempt and will retry. */
  retrying: number;
}

export async function reconcileJobMirror(db: DbOrTx): Promise<ReconcileResult> {
  const schema = Prisma.raw(`"${QUEUE_SCHEMA}"`);
  const failed = await db.$executeRaw`
    UPDATE jobs AS j
    SET status = 'failed',
        message = 'failed',
        error = COALESCE(q.output -> 'value' ->> 'message', q.output ->> 'message', 'failed in the queue'),
        finished_at = now(),
        updated_at = now()
    FROM (
      SELECT id, state, output FROM ${schema}.job
      UNION ALL
      SELECT id, state, output FROM ${schema}.archive
    ) AS q
    WHERE q.id = j.id
      AND q.state = 'failed'
      AND j.status IN ('queued', 'running', 'retrying')`;
  const retrying = await db.$executeRaw`
    UPDATE jobs AS j
    SET status = 'retrying',
        message = 'attempt expired; will retry',
        error = COALESCE(q.output -> 'value' ->> 'message', q.output ->> 'message'),
        updated_at = now()
    FROM ${schema}.job AS q
    WHERE q.id = j.id
      AND q.state = 'retry'
      AND j.status = 'running'`;
  return { failed, retrying };
}
