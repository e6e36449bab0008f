import { describe, expect, it } from "vitest";
import { splitSources } from "./split-sources.ts";

const ids = Array.from({ length: 40 }, (_, i) => `synth-${String(i).padStart(4, "0")}`);

describe("splitSources(ids, options)", () => {
  it("puts round(n·valFraction) whole source images into validation and the rest into training", () => {
    const split = splitSources(ids, { valFraction: 0.1, seed: 3 });
    expect(split.val).toHaveLength(4);
    expect(split.train).toHaveLength(36);
    expect(new Set([...split.train, ...split.val])).toEqual(new Set(ids));
    expect(split.train.some((id) => split.val.includes(id))).toBe(false);
  });

  it("is deterministic for a seed and differs between seeds", () => {
    expect(splitSources(ids, { seed: 7 })).toEqual(splitSources(ids, { seed: 7 }));
    expect(splitSources(ids, { seed: 7 }).val).not.toEqual(splitSources(ids, { seed: 8 }).val);
  });

  it("keeps a validation image in validation when images are added", () => {
    const small = splitSources(ids.slice(0, 20), { valFraction: 0.2, seed: 1 });
    const large = splitSources(ids, { valFraction: 0.1, seed: 1 });
    // Both sets have 4 validation images; a key among the 4 smallest of 40 is among the 4 smallest of any subset.
    const sharedVal = large.val.filter((id) => ids.slice(0, 20).includes(id));
    for (const id of sharedVal) expect(small.val).toContain(id);
  });

  it("sends at least one image to validation when the fraction is > 0, and never all of them", () => {
    expect(splitSources(["a", "b"], { valFraction: 0.01 }).val).toHaveLength(1);
    expect(splitSources(["a"], { valFraction: 0.5 }).val).toHaveLength(0);
    expect(splitSources(["a", "b", "c"], { valFraction: 0.99 }).train).toHaveLength(1);
    expect(splitSources(["a", "b"], { valFraction: 0 }).val).toHaveLength(0);
  });

  it("rejects fractions outside [0, 1) and duplicate ids", () => {
    expect(() => splitSources(ids, { valFraction: 1 })).toThrow(
      /valFraction must be a number in \[0, 1\), got 1/,
    );
    expect(() => splitSources(["a", "a"])).toThrow(/ids must be unique/);
  });
});
