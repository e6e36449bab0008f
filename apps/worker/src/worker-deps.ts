import type { Db } from "@myoscope/db/client";
import type { Storage } from "@myoscope/storage/storage";

/** What every job handler may use; built once per worker process. */
export interface WorkerDeps {
  db: Db;
  storage: Storage;
  log: (message: string) => void;
}
