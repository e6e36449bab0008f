/**
 * @module remove-abandoned-uploads
 * Deletes chunked uploads (`projects/<p>/uploads/<id>/`) that nobody has
 * written to for a while: a client that gave up would otherwise leave up to a
 * whole slide's bytes in storage for ever. An upload's last activity is the
 * newest change among its files (every chunk PUT and the session record
 * touch one), so an upload in progress is never touched.
 */
import type { Storage } from "./storage.ts";

export interface RemoveAbandonedUploadsOptions {
  /** Uploads idle for longer than this are removed (ms). */
  maxIdleMs: number;
  /**
   * The current time.
   * @default new Date()
   */
  now?: Date;
}

/** Removes the idle uploads of every project; returns their prefixes. */
export async function removeAbandonedUploads(
  storage: Pick<Storage, "list" | "delete">,
  options: RemoveAbandonedUploadsOptions,
): Promise<string[]> {
  const { maxIdleMs, now = new Date() } = options;
  if (!(maxIdleMs > 0)) throw new RangeError(`maxIdleMs must be > 0, got ${String(maxIdleMs)}`);
  const removed: string[] = [];
  for (const project of await storage.list("projects/")) {
    if (!project.isPrefix) continue;
    const uploadsPrefix = `projects/${project.name}/uploads/`;
    for (const upload of await storage.list(uploadsPrefix)) {
      if (!upload.isPrefix) continue;
      const prefix = `${uploadsPrefix}${upload.name}/`;
      const files = await storage.list(prefix);
      const lastActivity = Math.max(
        upload.modifiedAt.getTime(),
        ...files.map((file) => file.modifiedAt.getTime()),
      );
      if (now.getTime() - lastActivity <= maxIdleMs) continue;
      await storage.delete(prefix);
      removed.push(prefix);
    }
  }
  return removed;
}
