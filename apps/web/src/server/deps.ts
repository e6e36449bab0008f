import type { Db } from "@myoscope/db/client";
import type { Queue } from "@myoscope/jobs/queue";
import type { Storage } from "@myoscope/storage/storage";

/** What domain functions need from the outside world; passed in, never imported. */
export interface AppDeps {
  db: Db;
  /** Lazy because most requests never enqueue anything. */
  getQueue: () => Promise<Queue>;
  storage: Storage;
}
