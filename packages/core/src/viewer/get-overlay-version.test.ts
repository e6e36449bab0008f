import { describe, expect, it } from "vitest";
import { getOverlayVersion } from "./get-overlay-version.ts";

describe("getOverlayVersion(run)", () => {
  it("is the finish time until regions are re-applied, then the time of that", () => {
    const finishedAt = new Date("2026-11-25T10:00:00Z");
    expect(getOverlayVersion({ finishedAt, summary: {} })).toBe(finishedAt.getTime());
    const applied = finishedAt.getTime() + 60_000;
    expect(getOverlayVersion({ finishedAt, summary: { regionsAppliedAt: applied } })).toBe(applied);
    expect(getOverlayVersion({ finishedAt: finishedAt.toISOString(), summary: null })).toBe(
      finishedAt.getTime(),
    );
    expect(getOverlayVersion({ finishedAt: null, summary: null })).toBe(0);
  });
});
