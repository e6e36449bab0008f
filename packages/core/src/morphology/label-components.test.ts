import { describe, expect, it } from "vitest";
import { labelComponents } from "./label-components.ts";

describe("labelComponents(mask, options)", () => {
  // Two diagonal pixels and an isolated one:
  // 1 0 0 1
  // 0 1 0 0
  const diagonal = Uint8Array.from([1, 0, 0, 1, 0, 1, 0, 0]);

  it("joins diagonal neighbours with 8-connectivity (the default)", () => {
    const { labels, count } = labelComponents(diagonal, { width: 4, height: 2 });
    expect(count).toBe(2);
    expect(Array.from(labels)).toEqual([1, 0, 0, 2, 0, 1, 0, 0]);
  });

  it("separates diagonal neighbours with 4-connectivity", () => {
    const { labels, count } = labelComponents(diagonal, { width: 4, height: 2, connectivity: 4 });
    expect(count).toBe(3);
    expect(Array.from(labels)).toEqual([1, 0, 0, 2, 0, 3, 0, 0]);
  });

  it("merges the arms of a U that meet only at the bottom, numbering in raster order", () => {
    // 1 0 1 0 2
    // 1 0 1 0 2
    // 1 1 1 0 0
    const mask = Uint8Array.from([1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0]);
    const { labels, count } = labelComponents(mask, { width: 5, height: 3, connectivity: 4 });
    expect(count).toBe(2);
    expect(Array.from(labels)).toEqual([1, 0, 1, 0, 2, 1, 0, 1, 0, 2, 1, 1, 1, 0, 0]);
  });

  it("labels a staircase that needs chained unions as one component", () => {
    // Each row starts a new provisional label that only later joins the first.
    const width = 6;
    const mask = new Uint8Array(width * 6);
    for (let y = 0; y < 6; y++) {
      mask[y * width + (5 - y)] = 1;
      mask[y * width + 5] = 1;
    }
    const { count } = labelComponents(mask, { width, height: 6, connectivity: 8 });
    expect(count).toBe(1);
  });

  it("rejects connectivity other than 4 or 8", () => {
    expect(() => labelComponents(diagonal, { width: 4, height: 2, connectivity: 6 as 4 })).toThrow(
      /connectivity must be 4 or 8, got 6/,
    );
  });
});
