import { describe, expect, it } from "vitest";
import { createLruCache } from "./lru-cache.ts";

describe("createLruCache", () => {
  it("evicts the least recently used entry and reports it", () => {
    const evicted: number[] = [];
    const cache = createLruCache<number>({ maxEntries: 2, onEvict: (v) => evicted.push(v) });
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(evicted).toEqual([2]);
    expect(cache.size).toBe(2);
  });

  it("getOrLoad shares one load between concurrent callers and does not cache failures", async () => {
    const cache = createLruCache<string>({ maxEntries: 4 });
    let loads = 0;
    const load = async () => {
      loads++;
      return "value";
    };
    const [x, y] = await Promise.all([cache.getOrLoad("k", load), cache.getOrLoad("k", load)]);
    expect([x, y, loads]).toEqual(["value", "value", 1]);
    await expect(cache.getOrLoad("bad", () => Promise.reject(new Error("boom")))).rejects.toThrow(
      "boom",
    );
    expect(await cache.getOrLoad("bad", load)).toBe("value");
  });

  it("refuses a size below one", () => {
    expect(() => createLruCache({ maxEntries: 0 })).toThrow(
      "maxEntries must be a positive integer, got 0",
    );
  });
});
