import { resolve } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { polygonArea } from "./polygon-area.ts";
import { traceLabelContours } from "./trace-label-contours.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../../../..");
const REAL = resolve(REPO_ROOT, "../shared/data/real");

/** Even–odd fill at pixel centres: indices of the pixels a polygon on pixel corners encloses. */
function rasterize(polygon: Int32Array, width: number): number[] {
  const filled: number[] = [];
  const n = polygon.length / 2;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    minY = Math.min(minY, polygon[2 * i + 1] as number);
    maxY = Math.max(maxY, polygon[2 * i + 1] as number);
  }
  for (let y = minY; y < maxY; y++) {
    const py = y + 0.5;
    const crossings: number[] = [];
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const yi = polygon[2 * i + 1] as number;
      const yj = polygon[2 * j + 1] as number;
      if (yi > py !== yj > py) {
        const xi = polygon[2 * i] as number;
        const xj = polygon[2 * j] as number;
        crossings.push(xi + ((py - yi) * (xj - xi)) / (yj - yi));
      }
    }
    crossings.sort((p, q) => p - q);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const x0 = Math.ceil((crossings[k] as number) - 0.5);
      for (let x = x0; x < (crossings[k + 1] as number) - 0.5; x++) filled.push(y * width + x);
    }
  }
  return filled;
}

describe("traceLabelContours(labels, options)", () => {
  it("outlines touching labels separately, each on its own pixel edges", () => {
    // prettier-ignore
    const labels = new Uint16Array([1, 1, 2, 2, 1, 1, 2, 2, 0, 0, 0, 7]);
    const contours = traceLabelContours(labels, { width: 4, height: 3 });
    expect(contours.map((c) => c.label)).toEqual([1, 2, 7]);
    expect(Array.from(contours[0]?.polygon ?? [])).toEqual([2, 2, 0, 2, 0, 0, 2, 0]);
    expect(Array.from(contours[1]?.polygon ?? [])).toEqual([4, 2, 2, 2, 2, 0, 4, 0]);
    expect(Array.from(contours[2]?.polygon ?? [])).toEqual([4, 3, 3, 3, 3, 2, 4, 2]);
    expect(contours.map((c) => c.pixelCount)).toEqual([4, 4, 1]);
  });

  it("gives one entry per 8-connected piece of a label, and none for the background", () => {
    const labels = new Int32Array([5, 0, 0, 0, 5, 0, 0, 0, 5, 0, 0, 5]);
    const contours = traceLabelContours(labels, { width: 4, height: 3 });
    // (0,0)–(1,1)–(0,2) are diagonal neighbours: one piece of 3; (3,2) is another.
    expect(contours.map((c) => [c.label, c.pixelCount])).toEqual([
      [5, 3],
      [5, 1],
    ]);
  });

  it("treats a custom background value as no label", () => {
    const labels = new Uint8Array([9, 9, 3, 9]);
    const contours = traceLabelContours(labels, { width: 2, height: 2, background: 9 });
    expect(contours.map((c) => c.label)).toEqual([3]);
  });

  it("rasterizes back to every Cellpose fiber mask (IoU ≥ 0.98, the COCO export requirement)", async () => {
    const { data, info } = await sharp(
      resolve(REAL, "he_muscle_wcchu/masks_cellpose/sample_img_02_cp_masks.png"),
    )
      .toColourspace("grey16")
      .raw({ depth: "ushort" })
      .toBuffer({ resolveWithObject: true });
    const { width, height } = info;
    const labels = new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
    const contours = traceLabelContours(labels, { width, height });
    expect(contours.length).toBeGreaterThan(50);
    const labelSizes = new Map<number, number>();
    for (const value of labels) labelSizes.set(value, (labelSizes.get(value) ?? 0) + 1);
    // A label in several pieces has several contours: compare their union.
    const filledByLabel = new Map<number, Set<number>>();
    for (const { label, polygon, pixelCount } of contours) {
      const filled = filledByLabel.get(label) ?? new Set<number>();
      for (const index of rasterize(polygon, width)) filled.add(index);
      filledByLabel.set(label, filled);
      expect(polygonArea(polygon)).toBeGreaterThanOrEqual(pixelCount);
    }
    let worstIou = 1;
    for (const [label, filled] of filledByLabel) {
      let intersection = 0;
      for (const index of filled) if (labels[index] === label) intersection++;
      const union = filled.size + (labelSizes.get(label) ?? 0) - intersection;
      worstIou = Math.min(worstIou, intersection / union);
    }
    expect(worstIou).toBeGreaterThanOrEqual(0.98);
  }, 30_000);

  it("validates its inputs, naming the parameter", () => {
    expect(() => traceLabelContours(new Uint8Array(3), { width: 2, height: 2 })).toThrow(
      /labels.length/,
    );
    expect(() => traceLabelContours(new Uint8Array(0), { width: 0, height: 2 })).toThrow(/width/);
  });
});
