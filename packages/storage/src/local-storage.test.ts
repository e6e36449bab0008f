import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLocalStorage } from "./local-storage.ts";

const newStorage = () => {
  const root = mkdtempSync(join(tmpdir(), "storage-"));
  return { root, storage: createLocalStorage(root) };
};

describe("createLocalStorage(rootDir)", () => {
  it("round-trips buffers and streams and reports their size", async () => {
    const { storage } = newStorage();
    expect(await storage.put("a/b/c.bin", Buffer.from("hello"))).toEqual({ byteSize: 5 });
    expect((await storage.get("a/b/c.bin")).toString()).toBe("hello");
    await storage.put("s.txt", Readable.from([Buffer.from("str"), Buffer.from("eam")]));
    expect((await storage.get("s.txt")).toString()).toBe("stream");
  });

  it("leaves no partial file behind when a stream fails", async () => {
    const { root, storage } = newStorage();
    const failing = new Readable({
      read() {
        this.destroy(new Error("disk unplugged"));
      },
    });
    await expect(storage.put("x/broken.bin", failing)).rejects.toThrow("disk unplugged");
    expect(readdirSync(join(root, "x"))).toEqual([]);
    expect(await storage.exists("x/broken.bin")).toBe(false);
  });

  it("rejects keys that escape the root", async () => {
    const { storage } = newStorage();
    await expect(storage.put("../etc/passwd", Buffer.from("x"))).rejects.toThrow(RangeError);
    await expect(storage.get("/abs/path")).rejects.toThrow(/safe segments/);
  });

  it("deletes a prefix with everything under it", async () => {
    const { storage } = newStorage();
    await storage.put("p/1/a", Buffer.from("1"));
    await storage.put("p/1/b", Buffer.from("2"));
    await storage.delete("p/1/");
    expect(await storage.exists("p/1/a")).toBe(false);
    await storage.delete("p/never-existed");
  });
});
