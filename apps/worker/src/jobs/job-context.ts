/**
 * @module job-context
 * What a handler gets: its payload, the database and storage, and three
 * verbs. `progress` reports and notices cancellation; `commit` writes the job's
 * results and its `succeeded` status in one transaction; `failpoint` marks a
 * place a crash test can stop at.
 */
import type { Db, Tx } from "@myoscope/db/client";
import type { Prisma } from "@myoscope/db/prisma-types";
import type { Storage } from "@myoscope/storage/storage";

export interface JobContext<TPayload> {
  jobId: string;
  attempt: number;
  payload: TPayload;
  db: Db;
  storage: Storage;
  progress(percent: number, message: string): Promise<void>;
  commit<T extends Prisma.InputJsonValue>(
    write: (tx: Tx) => Promise<T>,
    message: string,
  ): Promise<T>;
  failpoint(name: string): Promise<void>;
}

export type JobHandler<TPayload> = (ctx: JobContext<TPayload>) => Promise<unknown>;

/**
 * This attempt no longer owns the job: a user cancelled it, or pg-boss expired
 * it (the attempt ran past its timeout) and handed it to a newer attempt. Stop
 * without writing anything.
 */
export class JobCancelledError extends Error {
  constructor() {
    super("job was cancelled or taken over by a newer attempt");
    this.name = "JobCancelledError";
  }
}

/** Retrying cannot help (e.g. the file is not an image); fail at once. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}
