import { describe, expect, it } from "vitest";
import { mergeAnnotations } from "./annotation-store.ts";
import type { Annotation } from "./annotation-types.ts";

function row(id: string, version: number, deletedAt: Date | null = null): Annotation {
  return {
    id,
    version,
    deletedAt,
    sectionId: "s",
    kind: "roi",
    label: "",
    shape: "square",
    geometry: { type: "Polygon", coordinates: [] },
    minX: 0,
    minY: 0,
    maxX: 1,
    maxY: 1,
    sourceRunId: null,
    sourceLabel: null,
    updatedById: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    author: { id: "u", name: "U" },
  };
}

describe("mergeAnnotations(known, incoming)", () => {
  it("takes newer versions, tombstones included, and ignores stale re-deliveries", () => {
    const known = new Map([["a", row("a", 2)]]);
    const next = mergeAnnotations(known, [row("a", 1), row("b", 1), row("a", 3, new Date(1))]);
    expect(next?.get("a")?.version).toBe(3);
    expect(next?.get("a")?.deletedAt).toEqual(new Date(1));
    expect(next?.get("b")?.version).toBe(1);
  });

  it("returns null when nothing changed, so React keeps the same state", () => {
    const known = new Map([["a", row("a", 2)]]);
    expect(mergeAnnotations(known, [row("a", 2), row("a", 1)])).toBeNull();
  });
});
