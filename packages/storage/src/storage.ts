/**
 * @module storage
 * Blob storage shared by the web app and the workers. Keys are relative,
 * slash-separated paths such as `projects/<id>/sections/<id>/original.tif`.
 * The local implementation is the default; an S3-compatible implementation of
 * the same interface is the scale-out path (see README).
 */
import type { Readable } from "node:stream";

export interface Storage {
  /** Writes atomically: readers never see a partially written object. */
  put(key: string, data: Buffer | Readable): Promise<{ byteSize: number }>;
  get(key: string): Promise<Buffer>;
  /** A local file path for libraries that need one (sharp, vips); may download first. */
  localPath(key: string): Promise<string>;
  exists(key: string): Promise<boolean>;
  /** Renames an object; atomic where the backend allows. */
  move(fromKey: string, toKey: string): Promise<void>;
  /** Deletes a key or, with a trailing slash, everything under a prefix. Missing keys are fine. */
  delete(keyOrPrefix: string): Promise<void>;
  /**
   * The immediate children of a prefix (ending in a slash): objects and sub-prefixes, with
   * when each last changed. A missing prefix lists nothing.
   */
  list(prefix: string): Promise<StorageEntry[]>;
}

export interface StorageEntry {
  /** The child's name, without the prefix or a trailing slash. */
  name: string;
  isPrefix: boolean;
  modifiedAt: Date;
}

const SAFE_SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Throws a RangeError unless `key` is a relative path of safe segments. */
export function assertStorageKey(key: string): void {
  const segments = key.replace(/\/$/, "").split("/");
  const isValid =
    key.length > 0 &&
    key.length <= 512 &&
    segments.every((s) => SAFE_SEGMENT.test(s) && s !== "." && s !== "..");
  if (!isValid) throw new RangeError(`key must be a relative path of safe segments, got "${key}"`);
}
