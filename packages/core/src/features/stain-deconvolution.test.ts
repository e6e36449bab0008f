import { describe, expect, it } from "vitest";
import {
  createOpticalDensityTable,
  createStainDeconvolution,
  HE_STAIN_VECTORS,
} from "./stain-deconvolution.ts";

describe("createStainDeconvolution(stains)", () => {
  it("inverts the normalised H&E stain matrix: each stain's own OD vector deconvolves to (1, 0, 0) or (0, 1, 0)", () => {
    const q = createStainDeconvolution();
    HE_STAIN_VECTORS.forEach((v, s) => {
      const length = Math.hypot(...v);
      const od = v.map((c) => c / length);
      for (let t = 0; t < 3; t++) {
        const concentration = [0, 1, 2].reduce(
          (sum, c) => sum + (q[3 * t + c] as number) * (od[c] as number),
          0,
        );
        expect(concentration).toBeCloseTo(t === s ? 1 : 0, 10);
      }
    });
  });

  it("completes the third vector to unit length per channel, as the ImageJ plugin does", () => {
    const q = createStainDeconvolution();
    // Grey (equal OD in all channels) must then decompose with a non-zero third component.
    const grey = [0, 1, 2].reduce((sum, c) => sum + (q[6 + c] as number) * 0.5, 0);
    expect(Math.abs(grey)).toBeGreaterThan(0.01);
  });

  it("rejects one stain or linearly dependent stains", () => {
    expect(() => createStainDeconvolution([[1, 0, 0]])).toThrow(/stains must list 2 or 3/);
    expect(() =>
      createStainDeconvolution([
        [1, 1, 0],
        [2, 2, 0],
        [1, 1, 0],
      ]),
    ).toThrow(/independent/);
  });
});

describe("createOpticalDensityTable()", () => {
  it("maps intensity I to −log10((I + 1)/255): 254 → 0, 0 → log10(255)", () => {
    const table = createOpticalDensityTable();
    expect(table[254]).toBeCloseTo(0, 12);
    expect(table[0]).toBeCloseTo(Math.log10(255), 12);
    expect(table[255]).toBeLessThan(0);
  });
});
