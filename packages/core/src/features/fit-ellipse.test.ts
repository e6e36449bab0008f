import { describe, expect, it } from "vitest";
import { fitEllipse, type PixelMomentSums } from "./fit-ellipse.ts";

/** Raw moment sums of the pixels for which `inside(x, y)` holds in a w×h box. */
function sums(w: number, h: number, inside: (x: number, y: number) => boolean): PixelMomentSums {
  const s = { count: 0, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!inside(x, y)) continue;
      s.count++;
      s.sumX += x;
      s.sumY += y;
      s.sumXX += x * x;
      s.sumYY += y * y;
      s.sumXY += x * y;
    }
  }
  return s;
}

describe("fitEllipse(sums)", () => {
  it("fits a w×h rectangle with axes 2w/√π and 2h/√π (moments w²/12, h²/12, area-equalized)", () => {
    const horizontal = fitEllipse(sums(12, 4, () => true));
    expect(horizontal.major).toBeCloseTo(24 / Math.sqrt(Math.PI), 6);
    expect(horizontal.minor).toBeCloseTo(8 / Math.sqrt(Math.PI), 6);
    expect(horizontal.angle).toBe(0);
    const vertical = fitEllipse(sums(4, 12, () => true));
    expect(vertical.major).toBeCloseTo(24 / Math.sqrt(Math.PI), 6);
    expect(vertical.angle).toBeCloseTo(90, 10);
  });

  it("finds the 45° orientation of a diagonal band, counterclockwise on screen", () => {
    // Pixels near the anti-diagonal x + y = 20 rise to the right on screen.
    const band = fitEllipse(sums(21, 21, (x, y) => Math.abs(x + y - 20) <= 2));
    // ImageJ nudges a zero denominator to 1e-6 here, hence 3 decimals.
    expect(band.angle).toBeCloseTo(45, 3);
    expect(band.major / band.minor).toBeGreaterThan(3);
  });

  it("keeps the area: π·major·minor/4 equals the pixel count", () => {
    const blob = sums(30, 20, (x, y) => (x - 14) ** 2 / 100 + (y - 9) ** 2 / 36 <= 1);
    const e = fitEllipse(blob);
    expect((Math.PI * e.major * e.minor) / 4).toBeCloseTo(blob.count, 6);
  });

  it("throws a RangeError for an empty region", () => {
    expect(() => fitEllipse(sums(2, 2, () => false))).toThrow(/sums.count must be > 0, got 0/);
  });
});
