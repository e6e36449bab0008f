import { resolve } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { createFiberMeasurer } from "./create-fiber-measurer.ts";
import type { FiberFeatures } from "./fiber-features.ts";
import { measureFibers } from "./measure-fibers.ts";

const CORNER = 2 - Math.SQRT2;
const DEG = 180 / Math.PI;
const REPO_ROOT = resolve(import.meta.dirname, "../../../..");
const REAL = resolve(REPO_ROOT, "../shared/data/real");

function canvas(width: number, height: number) {
  const labels = new Uint16Array(width * height);
  const fill = (label: number, inside: (x: number, y: number) => boolean) => {
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) if (inside(x, y)) labels[y * width + x] = label;
  };
  return { labels, fill, width, height };
}

function only(fibers: FiberFeatures[]): FiberFeatures {
  expect(fibers.length).toBe(1);
  return fibers[0] as FiberFeatures;
}

describe("measureFibers(labels, options)", () => {
  it("measures a 10×10 px square at 1 µm/px exactly", () => {
    const { labels, fill, width, height } = canvas(20, 20);
    fill(1, (x, y) => x >= 2 && x < 12 && y >= 5 && y < 15);
    const f = only(measureFibers(labels, { width, height, mpp: 1 }));
    expect(f.areaPx).toBe(100);
    expect(f.areaUm2).toBe(100);
    // Boundary 40, four non-adjacent corners cut by (2 − √2) each.
    expect(f.perimeterUm).toBeCloseTo(40 - 4 * CORNER, 10);
    expect(f.circularity).toBeCloseTo((4 * Math.PI * 100) / (40 - 4 * CORNER) ** 2, 10);
    expect(f.feretUm).toBeCloseTo(10 * Math.SQRT2, 10);
    expect(f.minFeretUm).toBeCloseTo(10, 10);
    expect(f.feretAngle).toBeCloseTo(135, 10);
    // Moments of a w×h rectangle give an ellipse with axes 2w/√π and 2h/√π.
    expect(f.majorUm).toBeCloseTo(20 / Math.sqrt(Math.PI), 6);
    expect(f.aspectRatio).toBeCloseTo(1, 10);
    expect(f.roundness).toBeCloseTo(1, 6);
    expect(f.solidity).toBe(1);
    expect(f.equivalentDiameterUm).toBeCloseTo(2 * Math.sqrt(100 / Math.PI), 10);
    expect([f.centroidX, f.centroidY]).toEqual([7, 10]);
    expect(f.bbox).toEqual({ x: 2, y: 5, width: 10, height: 10 });
    expect(f.touchesEdge).toBe(false);
  });

  it("calibrates a 20×6 px rectangle at 0.5 µm/px", () => {
    const { labels, fill, width, height } = canvas(30, 10);
    fill(4, (x, y) => x >= 3 && x < 23 && y >= 2 && y < 8);
    const f = only(measureFibers(labels, { width, height, mpp: 0.5 }));
    expect(f.areaUm2).toBeCloseTo(120 * 0.25, 12);
    expect(f.perimeterUm).toBeCloseTo((52 - 4 * CORNER) * 0.5, 10);
    expect(f.feretUm).toBeCloseTo(Math.hypot(20, 6) * 0.5, 10);
    expect(f.minFeretUm).toBeCloseTo(3, 10);
    // ImageJ keeps the first of the tied diagonals, which descends on screen.
    expect(f.feretAngle).toBeCloseTo(180 - Math.atan(6 / 20) * DEG, 8);
    // Ellipse axes 2w/√π and 2h/√π: AR = w/h, roundness = 4·area/(π·major²) = h/w.
    expect(f.aspectRatio).toBeCloseTo(20 / 6, 6);
    expect(f.roundness).toBeCloseTo(6 / 20, 6);
    expect(f.solidity).toBe(1);
  });

  it("approximates a digital disc of radius 30 px: area πr², Feret ≈ MinFeret ≈ 2r, perimeter a little over 2πr", () => {
    const { labels, fill, width, height } = canvas(80, 80);
    const r = 30;
    fill(2, (x, y) => (x + 0.5 - 40) ** 2 + (y + 0.5 - 40) ** 2 <= r * r);
    const f = only(measureFibers(labels, { width, height, mpp: 1 }));
    expect(Math.abs(f.areaUm2 / (Math.PI * r * r) - 1)).toBeLessThan(0.01);
    // Pixel centres lie within r of the centre and pixel corners within √2/2 of
    // a centre, so the corner hull's calipers lie in [2r − 1, 2r + √2].
    for (const caliper of [f.feretUm, f.minFeretUm]) {
      expect(caliper).toBeGreaterThanOrEqual(2 * r - 1);
      expect(caliper).toBeLessThanOrEqual(2 * r + Math.SQRT2);
    }
    // ImageJ's corner rule is exact for 0°, 45° and 90° boundary runs only; on a
    // digital circle it overshoots 2πr by a few percent, so circularity stays
    // below 1 (0.914 for this disc; 0.930 at r = 10, 0.903 at r = 100).
    expect(f.perimeterUm / (2 * Math.PI * r)).toBeGreaterThan(1);
    expect(f.perimeterUm / (2 * Math.PI * r)).toBeLessThan(1.06);
    expect(f.circularity).toBeGreaterThan(0.88);
    expect(f.circularity).toBeLessThan(0.96);
    expect(Math.abs(f.aspectRatio - 1)).toBeLessThan(0.01);
    expect(f.solidity).toBeGreaterThan(0.97);
    expect(f.centroidX).toBeCloseTo(40, 6);
    expect(f.centroidY).toBeCloseTo(40, 6);
  });

  it("measures a 60×16 px rectangle rotated by 30° to within the pixel grid", () => {
    const { labels, fill, width, height } = canvas(100, 80);
    const t = Math.PI / 6;
    // Rotated counterclockwise on screen: the long axis points to (cos t, −sin t).
    fill(3, (x, y) => {
      const dx = x + 0.5 - 50;
      const dy = y + 0.5 - 40;
      const along = dx * Math.cos(t) - dy * Math.sin(t);
      const across = dx * Math.sin(t) + dy * Math.cos(t);
      return Math.abs(along) <= 30 && Math.abs(across) <= 8;
    });
    const f = only(measureFibers(labels, { width, height, mpp: 1 }));
    expect(Math.abs(f.areaUm2 / (60 * 16) - 1)).toBeLessThan(0.02);
    expect(Math.abs(f.feretUm - Math.hypot(60, 16))).toBeLessThan(1.5);
    expect(Math.abs(f.minFeretUm - 16)).toBeLessThan(1.5);
    // A diagonal: 30° ± atan(16/60) = 15.07° or 44.93°, whichever the pixels
    // favour; each end may move by up to √2/2 px across a 62-px diagonal (≤ 1.9°).
    const diagonal = Math.atan(16 / 60) * DEG;
    const angleError = Math.min(
      Math.abs(f.feretAngle - (30 - diagonal)),
      Math.abs(f.feretAngle - (30 + diagonal)),
    );
    expect(angleError).toBeLessThan(1.9);
    expect(Math.abs(f.aspectRatio - 60 / 16)).toBeLessThan(0.1);
  });

  it("measures labels that touch each other independently", () => {
    // prettier-ignore
    const labels = new Uint16Array([1, 1, 2, 2, 2, 1, 1, 2, 2, 2, 0, 0, 0, 0, 0]);
    const [a, b] = measureFibers(labels, { width: 5, height: 3, mpp: 1 });
    expect(a?.label).toBe(1);
    expect(a?.areaPx).toBe(4);
    expect(a?.perimeterUm).toBeCloseTo(8 - 4 * CORNER, 12);
    expect(b?.label).toBe(2);
    expect(b?.areaPx).toBe(6);
    expect(b?.perimeterUm).toBeCloseTo(10 - 4 * CORNER, 12);
    expect(b?.minFeretUm).toBeCloseTo(2, 12);
    expect([a?.touchesEdge, b?.touchesEdge]).toEqual([true, true]);
  });

  it("measures a label in two pieces as one fiber: areas and perimeters add, Feret spans both", () => {
    const { labels, fill, width, height } = canvas(20, 10);
    fill(9, (x, y) => y >= 2 && y < 4 && ((x >= 2 && x < 4) || (x >= 12 && x < 14)));
    const f = only(measureFibers(labels, { width, height, mpp: 1 }));
    expect(f.areaPx).toBe(8);
    expect(f.perimeterUm).toBeCloseTo(2 * (8 - 4 * CORNER), 12);
    // Hull corners (2,2)…(14,4): Feret √(12² + 2²), MinFeret 2.
    expect(f.feretUm).toBeCloseTo(Math.hypot(12, 2), 12);
    expect(f.minFeretUm).toBeCloseTo(2, 12);
    expect(f.solidity).toBeCloseTo(8 / 24, 12);
  });

  it("counts a hole out of the area but not into the perimeter", () => {
    const { labels, fill, width, height } = canvas(12, 12);
    fill(
      5,
      (x, y) => x >= 1 && x < 11 && y >= 1 && y < 11 && !(x >= 4 && x < 7 && y >= 4 && y < 7),
    );
    const f = only(measureFibers(labels, { width, height, mpp: 1 }));
    expect(f.areaPx).toBe(100 - 9);
    expect(f.perimeterUm).toBeCloseTo(40 - 4 * CORNER, 12);
    expect(f.solidity).toBeCloseTo(91 / 100, 12);
  });

  it("returns each fiber's outline when asked", () => {
    const labels = new Uint8Array([0, 0, 0, 0, 7, 7, 0, 0, 0]);
    const [f] = measureFibers(labels, { width: 3, height: 3, mpp: 1, withContours: true });
    expect(Array.from(f?.contour ?? [])).toEqual([3, 2, 1, 2, 1, 1, 3, 1]);
    expect(measureFibers(labels, { width: 3, height: 3, mpp: 1 })[0]?.contour).toBeUndefined();
  });

  it("gives the mean haematoxylin and eosin optical density of a fiber painted with pure stain colours", () => {
    // A pixel with stain optical densities (h, e) has RGB I_c = 255·10^−(h·H_c + e·E_c) − 1 (plugin convention).
    const H = [0.644211, 0.716556, 0.266844].map((v, _, a) => v / Math.hypot(...a));
    const E = [0.092789, 0.954111, 0.283111].map((v, _, a) => v / Math.hypot(...a));
    const paint = (h: number, e: number) =>
      [0, 1, 2].map((c) =>
        Math.round(255 * 10 ** -(h * (H[c] as number) + e * (E[c] as number)) - 1),
      );
    const labels = new Uint8Array([1, 1, 2, 2]);
    const rgb = new Uint8Array([
      ...paint(0.6, 0),
      ...paint(0.6, 0),
      ...paint(0, 0.4),
      ...paint(0.3, 0.3),
    ]);
    const [a, b] = measureFibers(labels, { width: 4, height: 1, mpp: 1, rgb });
    expect(a?.meanHematoxylinOd).toBeCloseTo(0.6, 1);
    expect(a?.meanEosinOd).toBeCloseTo(0, 1);
    expect(b?.meanHematoxylinOd).toBeCloseTo(0.15, 1);
    expect(b?.meanEosinOd).toBeCloseTo(0.35, 1);
  });

  it("throws RangeError naming the parameter for bad inputs", () => {
    const labels = new Uint8Array(4);
    expect(() => measureFibers(labels, { width: 2, height: 2, mpp: 0 })).toThrow(
      /mpp must be .* got 0/,
    );
    expect(() => measureFibers(labels, { width: 2, height: 2, mpp: -1 })).toThrow(RangeError);
    expect(() => measureFibers(labels, { width: 2, height: 2, mpp: Number.NaN })).toThrow(
      /mpp .* NaN/,
    );
    expect(() => measureFibers(labels, { width: 2, height: 2, mpp: 1, mppY: 0 })).toThrow(/mppY/);
    expect(() => measureFibers(labels, { width: 3, height: 2, mpp: 1 })).toThrow(/labels.length/);
    expect(() => measureFibers(labels, { width: 2.5, height: 2, mpp: 1 })).toThrow(/width/);
    expect(() =>
      measureFibers(labels, { width: 2, height: 2, mpp: 1, rgb: new Uint8Array(5) }),
    ).toThrow(/rgb.length/);
  });
});

describe("createFiberMeasurer(options)", () => {
  it("gives the same features whatever the strip height, on a real Cellpose label image", async () => {
    const { data, info } = await sharp(
      resolve(REAL, "he_muscle_wcchu/masks_cellpose/sample_img_03_cp_masks.png"),
    )
      .toColourspace("grey16")
      .raw({ depth: "ushort" })
      .toBuffer({ resolveWithObject: true });
    const labels = new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
    const { width, height } = info;
    const whole = measureFibers(labels, { width, height, mpp: 0.2774 });
    expect(whole.length).toBeGreaterThan(40);
    for (const stripRows of [1, 7, 250]) {
      const measurer = createFiberMeasurer({ width, height, mpp: 0.2774 });
      for (let y0 = 0; y0 < height; y0 += stripRows) {
        const rows = Math.min(stripRows, height - y0);
        measurer.addStrip({ labels: labels.slice(y0 * width, (y0 + rows) * width), y0 });
      }
      expect(measurer.rowsDone).toBe(height);
      expect(measurer.finish()).toEqual(whole);
    }
  });

  it("rejects strips out of order and an early finish", () => {
    const measurer = createFiberMeasurer({ width: 2, height: 4, mpp: 1 });
    expect(() => measurer.addStrip({ labels: new Uint8Array(2), y0: 1 })).toThrow(/y0 must be 0/);
    measurer.addStrip({ labels: new Uint8Array(4), y0: 0 });
    expect(() => measurer.addStrip({ labels: new Uint8Array(3), y0: 2 })).toThrow(
      /multiple of width/,
    );
    expect(() => measurer.addStrip({ labels: new Uint8Array(6), y0: 2 })).toThrow(
      /exceed the image height/,
    );
    expect(() => measurer.finish()).toThrow(/needs all 4 rows, got 2/);
  });
});
