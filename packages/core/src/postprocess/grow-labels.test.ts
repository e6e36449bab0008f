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

/** The definition, step by step over the whole image. */
function growLabelsByDefinition(
  labels: Int32Array,
  width: number,
  height: number,
  allowed: Uint8Array,
  iterations: number,
): Int32Array {
  let current = labels.slice();
  for (let step = 0; step < iterations; step++) {
    const next = current.slice();
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        if (current[i] !== 0 || allowed[i] === 0) continue;
        const seen = new Set<number>();
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const nx = x + dx;
            const ny = y + dy;
            if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
            const label = current[ny * width + nx] as number;
            if (label !== 0) seen.add(label);
          }
        }
        if (seen.size === 1) next[i] = [...seen][0] as number;
      }
    }
    current = next;
  }
  return current;
}

describe("growLabels on tall images", () => {
  it("gives the definition's result, band by band as on the whole image", () => {
    let state = 7;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (const [width, height, iterations] of [
      [37, 300, 3],
      [23, 211, 7],
      [5, 90, 12],
    ] as const) {
      const labels = Int32Array.from({ length: width * height }, () =>
        random() < 0.04 ? 1 + Math.floor(random() * 5) : 0,
      );
      const allowed = Uint8Array.from({ length: width * height }, () => (random() < 0.8 ? 1 : 0));
      const options = { width, height, allowed, iterations };
      expect(Array.from(growLabels(labels, options))).toEqual(
        Array.from(growLabelsByDefinition(labels, width, height, allowed, iterations)),
      );
    }
  });
});
