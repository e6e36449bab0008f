import { describe, expect, it } from "vitest";
import { SYNTHESIS_PRESETS } from "./presets.ts";
import { sampleSynthesisParams } from "./sample-synthesis-params.ts";
import type { SynthesisParams } from "./synthesis-params.ts";
import { synthesizeImage } from "./synthesize-image.ts";

const ffpe = (seed: number, overrides: Partial<SynthesisParams> = {}): SynthesisParams => ({
  ...sampleSynthesisParams(SYNTHESIS_PRESETS["he-ffpe"], { seed }),
  mpp: 0.8,
  ...overrides,
});

/** Sizes of the 4-connected components of each label (label → list of component sizes). */
function componentsPerLabel(labels: Uint16Array, width: number, height: number) {
  const seen = new Uint8Array(labels.length);
  const result = new Map<number, number[]>();
  const stack: number[] = [];
  for (let start = 0; start < labels.length; start++) {
    const l = labels[start] ?? 0;
    if (l === 0 || seen[start]) continue;
    let size = 0;
    stack.push(start);
    seen[start] = 1;
    while (stack.length > 0) {
      const i = stack.pop() ?? 0;
      size++;
      const x = i % width;
      const y = Math.floor(i / width);
      const neighbours = [
        x > 0 ? i - 1 : -1,
        x < width - 1 ? i + 1 : -1,
        y > 0 ? i - width : -1,
        y < height - 1 ? i + width : -1,
      ];
      for (const j of neighbours) {
        if (j >= 0 && !seen[j] && labels[j] === l) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    result.set(l, [...(result.get(l) ?? []), size]);
  }
  return result;
}

describe("synthesizeImage(params, options)", () => {
  it("returns identical bytes for the same params, size and seed", () => {
    const params = ffpe(1);
    const a = synthesizeImage(params, { width: 256, height: 192, seed: 7 });
    const b = synthesizeImage(params, { width: 256, height: 192, seed: 7 });
    expect(Buffer.from(a.rgb).equals(Buffer.from(b.rgb))).toBe(true);
    expect(Buffer.from(a.labels.buffer).equals(Buffer.from(b.labels.buffer))).toBe(true);
    expect(Buffer.from(a.classes).equals(Buffer.from(b.classes))).toBe(true);
    expect(a.stats).toEqual(b.stats);
  });

  it("gives different images and labels for different seeds", () => {
    const params = ffpe(1);
    const a = synthesizeImage(params, { width: 256, height: 256, seed: 1 });
    const b = synthesizeImage(params, { width: 256, height: 256, seed: 2 });
    expect(Buffer.from(a.rgb).equals(Buffer.from(b.rgb))).toBe(false);
    expect(Buffer.from(a.labels.buffer).equals(Buffer.from(b.labels.buffer))).toBe(false);
  });

  it("returns buffers of the documented sizes", () => {
    const img = synthesizeImage(ffpe(2), { width: 200, height: 120, seed: 3 });
    expect(img.rgb.length).toBe(200 * 120 * 3);
    expect(img.labels.length).toBe(200 * 120);
    expect(img.classes.length).toBe(200 * 120);
  });

  for (const preset of ["he-ffpe", "he-cryo", "myopathic"] as const) {
    it(`${preset}: every label is one 4-connected region, labels run 1..fiberCount`, () => {
      const params = sampleSynthesisParams(SYNTHESIS_PRESETS[preset], { seed: 11 });
      const img = synthesizeImage(params, { width: 384, height: 320, seed: 11 });
      const components = componentsPerLabel(img.labels, img.width, img.height);
      expect(img.fiberCount).toBeGreaterThan(5);
      expect(components.size).toBe(img.fiberCount);
      for (let l = 1; l <= img.fiberCount; l++) expect(components.get(l)).toHaveLength(1);
      let max = 0;
      for (const l of img.labels) max = Math.max(max, l);
      expect(max).toBe(img.fiberCount);
    });
  }

  it("puts the boundary class exactly on fiber pixels within boundaryWidthPx of another label", () => {
    const size = 160;
    for (const width of [1, 2, 3]) {
      const params = ffpe(4, { boundaryWidthPx: width, tightContactFraction: 0.8 });
      const { labels, classes } = synthesizeImage(params, { width: size, height: size, seed: 5 });
      let boundary = 0;
      let mismatches = 0;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const i = y * size + x;
          const l = labels[i] ?? 0;
          let nearOther = false;
          for (let dy = -width; dy <= width && !nearOther; dy++) {
            for (let dx = -width; dx <= width; dx++) {
              const xx = x + dx;
              const yy = y + dy;
              if (xx < 0 || yy < 0 || xx >= size || yy >= size) continue;
              if (labels[yy * size + xx] !== l) {
                nearOther = true;
                break;
              }
            }
          }
          const expected = l === 0 ? 0 : nearOther ? 2 : 1;
          if (classes[i] !== expected) mismatches++;
          if (expected === 2) boundary++;
        }
      }
      expect(mismatches).toBe(0);
      expect(boundary).toBeGreaterThan(0);
    }
  });

  it("makes most contacts tight when asked: neighbours touch with no pixel between", () => {
    const size = 384;
    const params = ffpe(6, {
      tightContactFraction: 0.85,
      looseningFraction: 0,
      crackCount: 0,
      fascicleFibers: 0,
    });
    const { labels } = synthesizeImage(params, { width: size, height: size, seed: 6 });
    // Neighbouring fiber pairs along rows and columns: directly adjacent, or across a short gap.
    const tight = new Set<string>();
    const all = new Set<string>();
    for (const horizontal of [true, false]) {
      for (let a = 0; a < size; a++) {
        let last = 0;
        let gap = 0;
        for (let b = 0; b < size; b++) {
          const l = labels[horizontal ? a * size + b : b * size + a] ?? 0;
          if (l === 0) {
            gap++;
            continue;
          }
          if (last !== 0 && l !== last && gap <= 12) {
            const key = last < l ? `${last}-${l}` : `${l}-${last}`;
            all.add(key);
            if (gap === 0) tight.add(key);
          }
          last = l;
          gap = 0;
        }
      }
    }
    expect(all.size).toBeGreaterThan(50);
    expect(tight.size / all.size).toBeGreaterThan(0.6);
  });

  it("matches the requested mean fiber diameter within 10%", () => {
    for (const [fiberDiameterUm, seed, size] of [
      [30, 1, 384],
      [45, 2, 416],
    ] as const) {
      const params = ffpe(seed, { fiberDiameterUm, tissueCoverage: 1 });
      const img = synthesizeImage(params, { width: size, height: size, seed });
      // Measured from the labels, excluding fibers that touch the image border.
      const area = new Map<number, number>();
      const edge = new Set<number>();
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const l = img.labels[y * size + x] ?? 0;
          if (l === 0) continue;
          area.set(l, (area.get(l) ?? 0) + 1);
          if (x === 0 || y === 0 || x === size - 1 || y === size - 1) edge.add(l);
        }
      }
      const diameters = [...area]
        .filter(([l]) => !edge.has(l))
        .map(([, a]) => 2 * Math.sqrt(a / Math.PI) * params.mpp);
      const mean = diameters.reduce((s, d) => s + d, 0) / diameters.length;
      expect(diameters.length).toBeGreaterThan(20);
      expect(Math.abs(mean / fiberDiameterUm - 1)).toBeLessThan(0.1);
      expect(img.stats.meanEquivalentDiameterUm).toBeCloseTo(mean, 6);
    }
  });

  it("raises the measured fraction of fibers with a dark central nucleus with centralNucleiFraction", () => {
    const measure = (centralNucleiFraction: number) => {
      const params = ffpe(8, {
        centralNucleiFraction,
        peripheralNucleiPerFiber: 2,
        vacuoleFraction: 0,
        debrisDensity: 0,
        foldCount: 0,
      });
      const img = synthesizeImage(params, { width: 384, height: 384, seed: 8 });
      // Pixel check: a hematoxylin-dark (bluish, dark) pixel of the fiber within 50% of its
      // equivalent radius from its centroid.
      const sum = new Map<number, [number, number, number]>();
      for (let i = 0; i < img.labels.length; i++) {
        const l = img.labels[i] ?? 0;
        if (l === 0) continue;
        const s = sum.get(l) ?? [0, 0, 0];
        s[0] += i % 384;
        s[1] += Math.floor(i / 384);
        s[2] += 1;
        sum.set(l, s);
      }
      const withCentral = new Set<number>();
      for (let i = 0; i < img.labels.length; i++) {
        const l = img.labels[i] ?? 0;
        if (l === 0) continue;
        const r = img.rgb[i * 3] ?? 0;
        const g = img.rgb[i * 3 + 1] ?? 0;
        const b = img.rgb[i * 3 + 2] ?? 0;
        if (!(r + g + b < 330 && b > r)) continue;
        const [sx, sy, n] = sum.get(l) ?? [0, 0, 1];
        const d = Math.hypot((i % 384) - sx / n, Math.floor(i / 384) - sy / n);
        if (d < 0.5 * Math.sqrt(n / Math.PI)) withCentral.add(l);
      }
      return {
        pixelFraction: withCentral.size / img.fiberCount,
        stats: img.stats.fibersWithCentralNucleusFraction,
      };
    };
    const low = measure(0.05);
    const high = measure(0.8);
    expect(high.pixelFraction).toBeGreaterThan(low.pixelFraction + 0.4);
    expect(high.stats).toBeGreaterThan(low.stats + 0.5);
    expect(Math.abs(high.pixelFraction - high.stats)).toBeLessThan(0.2);
  });

  it("leaves empty slide outside a partial section", () => {
    const img = synthesizeImage(ffpe(9, { tissueCoverage: 0.5 }), {
      width: 320,
      height: 320,
      seed: 9,
    });
    expect(img.stats.tissueFraction).toBeGreaterThan(0.3);
    expect(img.stats.tissueFraction).toBeLessThan(0.75);
  });

  it("rejects bad sizes with a RangeError naming the parameter", () => {
    const params = ffpe(1);
    expect(() => synthesizeImage(params, { width: 0, height: 64, seed: 1 })).toThrow(
      /width must be an integer in \[16, 16384\], got 0/,
    );
    expect(() => synthesizeImage(params, { width: 64, height: 100000, seed: 1 })).toThrow(
      /height .* got 100000/,
    );
    expect(() => synthesizeImage(params, { width: 64.5, height: 64, seed: 1 })).toThrow(RangeError);
    expect(() => synthesizeImage(params, { width: 64, height: 64, seed: Number.NaN })).toThrow(
      /seed/,
    );
  });

  it("rejects out-of-range, mistyped and unknown parameters with a RangeError naming the field", () => {
    const size = { width: 64, height: 64, seed: 1 };
    expect(() => synthesizeImage(ffpe(1, { mpp: -1 }), size)).toThrow(/params\.mpp.*got -1/);
    expect(() => synthesizeImage(ffpe(1, { centralNucleiFraction: 1.5 }), size)).toThrow(
      /params\.centralNucleiFraction.*got 1\.5/,
    );
    const wrongType = { ...ffpe(1), blurSigmaPx: "2" } as unknown as SynthesisParams;
    expect(() => synthesizeImage(wrongType, size)).toThrow(/params\.blurSigmaPx.*got 2/);
    expect(() => synthesizeImage(ffpe(1, { boundaryWidthPx: 1.5 }), size)).toThrow(RangeError);
    const unknown = { ...ffpe(1), fiberColour: 3 } as unknown as SynthesisParams;
    expect(() => synthesizeImage(unknown, size)).toThrow(/fiberColour/);
    const { mpp: _mpp, ...missing } = ffpe(1);
    expect(() => synthesizeImage(missing as SynthesisParams, size)).toThrow(/params\.mpp/);
  });

  it("rejects fibers too small for the image instead of overflowing 16-bit labels", () => {
    const params = ffpe(1, { fiberDiameterUm: 5, mpp: 5 });
    expect(() => synthesizeImage(params, { width: 16384, height: 16384, seed: 1 })).toThrow(
      /fiberDiameterUm/,
    );
  });
});
