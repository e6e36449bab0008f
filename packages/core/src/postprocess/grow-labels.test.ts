import { describe, expect, it } from "vitest";
import { growLabels } from "./grow-labels.ts";

describe("growLabels(labels, options)", () => {
  it("grows each label one pixel per step inside the allowed pixels only", () => {
    // Row: label 1 at x 1, allowed x 0–3; two steps reach x 0, 2 and then 3.
    const labels = Int32Array.from([0, 1, 0, 0, 0]);
    const allowed = Uint8Array.from([1, 1, 1, 1, 0]);
    expect(Array.from(growLabels(labels, { width: 5, height: 1, allowed, iterations: 1 }))).toEqual(
      [1, 1, 1, 0, 0],
    );
    expect(Array.from(growLabels(labels, { width: 5, height: 1, allowed, iterations: 5 }))).toEqual(
      [1, 1, 1, 1, 0],
    );
  });

  it("leaves a pixel reached by two labels in the same step unlabelled", () => {
    // 1 _ _ _ 2: after two steps the middle pixel sees both and stays 0.
    const labels = Int32Array.from([1, 0, 0, 0, 2]);
    const allowed = new Uint8Array(5).fill(1);
    expect(Array.from(growLabels(labels, { width: 5, height: 1, allowed, iterations: 3 }))).toEqual(
      [1, 1, 0, 2, 2],
    );
  });

  it("does not change its input", () => {
    const labels = Int32Array.from([0, 3, 0]);
    growLabels(labels, { width: 3, height: 1, allowed: new Uint8Array(3).fill(1), iterations: 1 });
    expect(Array.from(labels)).toEqual([0, 3, 0]);
  });
});
