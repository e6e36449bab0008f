import { mkdtemp, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalStorage } from "./local-storage.ts";
import { removeAbandonedUploads } from "./remove-abandoned-uploads.ts";

const HOUR = 3_600_000;

describe("removeAbandonedUploads(storage, options)", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "abandoned-uploads-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Sets the modification time of a key (file or folder) to `hoursAgo` before `now`. */
  const age = (key: string, now: Date, hoursAgo: number) => {
    const time = new Date(now.getTime() - hoursAgo * HOUR);
    return utimes(join(root, key), time, time);
  };

  it("removes uploads idle for longer than the limit and keeps those with a recent chunk", async () => {
    const storage = createLocalStorage(root);
    const now = new Date();
    const idle = "projects/p1/uploads/u-idle/";
    const active = "projects/p1/uploads/u-active/";
    const otherProject = "projects/p2/uploads/u-old/";
    for (const prefix of [idle, active, otherProject]) {
      await storage.put(`${prefix}session.json`, Buffer.from("{}"));
      await storage.put(`${prefix}chunk-000000000000000.part`, Buffer.from("bytes"));
    }
    await storage.put("projects/p1/sections/s1/original.tif", Buffer.from("a section"));
    for (const prefix of [idle, active, otherProject]) {
      await age(`${prefix}session.json`, now, 30);
      await age(`${prefix}chunk-000000000000000.part`, now, 30);
      await age(prefix, now, 30);
    }
    // A chunk written an hour ago keeps its upload alive.
    await age(`${active}chunk-000000000000000.part`, now, 1);

    const removed = await removeAbandonedUploads(storage, { maxIdleMs: 24 * HOUR, now });
    expect(removed.sort()).toEqual([idle, otherProject].sort());
    expect(await storage.exists(`${active}session.json`)).toBe(true);
    expect(await storage.exists(`${idle}session.json`)).toBe(false);
    expect(await storage.exists("projects/p1/sections/s1/original.tif")).toBe(true);
  });

  it("lists nothing for a missing prefix and refuses a bad limit", async () => {
    const storage = createLocalStorage(root);
    expect(await storage.list("projects/")).toEqual([]);
    expect(await removeAbandonedUploads(storage, { maxIdleMs: HOUR })).toEqual([]);
    await expect(removeAbandonedUploads(storage, { maxIdleMs: 0 })).rejects.toThrow(
      /maxIdleMs must be > 0, got 0/,
    );
  });
});
