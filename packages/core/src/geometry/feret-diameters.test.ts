import { describe, expect, it } from "vitest";
import { convexHull } from "./convex-hull.ts";
import { feretDiameters } from "./feret-diameters.ts";

const DEG = 180 / Math.PI;

describe("feretDiameters(hull, options)", () => {
  it("measures an axis-aligned 10×4 rectangle: Feret √116, MinFeret 4, angle of ImageJ's first diagonal", () => {
    const hull = convexHull([0, 0, 10, 0, 10, 4, 0, 4]);
    const f = feretDiameters(hull);
    expect(f.feret).toBeCloseTo(Math.sqrt(116), 12);
    expect(f.minFeret).toBeCloseTo(4, 12);
    // Both diagonals tie; ImageJ keeps the first pair in hull order, (0,0)–(10,4),
    // which descends on screen: angle 180° − atan(4/10).
    expect(f.feretAngle).toBeCloseTo(180 - Math.atan(4 / 10) * DEG, 10);
    expect([f.feretX1, f.feretY1, f.feretX2, f.feretY2]).toEqual([0, 0, 10, 4]);
  });

  it("gives a square's Feret angle as 135°, as ImageJ does", () => {
    expect(feretDiameters(convexHull([0, 0, 5, 0, 5, 5, 0, 5])).feretAngle).toBeCloseTo(135, 12);
  });

  it("measures a rhombus with diagonals 12 and 4 at 30°: Feret 12, angle 30°, MinFeret 2·12·4/2/√40", () => {
    // Long half-diagonal 6 along (cos 30°, −sin 30°) (counterclockwise on screen), short half-diagonal 2 across.
    const t = Math.PI / 6;
    const [cx, cy, a, b] = [10, 10, 6, 2];
    const ux = Math.cos(t);
    const uy = -Math.sin(t);
    const points = [
      cx + a * ux,
      cy + a * uy,
      cx - b * uy,
      cy + b * ux,
      cx - a * ux,
      cy - a * uy,
      cx + b * uy,
      cy - b * ux,
    ];
    const f = feretDiameters(convexHull(points));
    expect(f.feret).toBeCloseTo(12, 10);
    expect(f.feretAngle).toBeCloseTo(30, 10);
    // Width between opposite sides = area / side = (12·4/2) / √(6² + 2²).
    expect(f.minFeret).toBeCloseTo(24 / Math.sqrt(40), 10);
  });

  it("measures a 10×4 rectangle rotated by 30°: Feret √116 and MinFeret 4 whatever the rotation", () => {
    const t = Math.PI / 6;
    const corners = [
      [-5, -2],
      [5, -2],
      [5, 2],
      [-5, 2],
    ].flatMap(([x, y]) => [
      (x as number) * Math.cos(t) + (y as number) * Math.sin(t),
      -(x as number) * Math.sin(t) + (y as number) * Math.cos(t),
    ]);
    const f = feretDiameters(convexHull(corners));
    expect(f.feret).toBeCloseTo(Math.sqrt(116), 10);
    expect(f.minFeret).toBeCloseTo(4, 10);
  });

  it("calibrates anisotropic pixels: 10×4 px at 2×1 µm/px is a 20×4 µm rectangle", () => {
    const f = feretDiameters(convexHull([0, 0, 10, 0, 10, 4, 0, 4]), {
      pixelWidth: 2,
      pixelHeight: 1,
    });
    expect(f.feret).toBeCloseTo(Math.sqrt(416), 10);
    expect(f.minFeret).toBeCloseTo(4, 10);
    expect(f.feretAngle).toBeCloseTo(180 - Math.atan(4 / 20) * DEG, 10);
  });

  it("handles degenerate hulls: a segment has no width, a point no size", () => {
    const segment = feretDiameters([0, 0, 3, 4]);
    expect(segment.feret).toBeCloseTo(5, 12);
    expect(segment.minFeret).toBe(0);
    expect(segment.feretAngle).toBeCloseTo(180 - Math.atan2(4, 3) * DEG, 12);
    expect(feretDiameters([2, 2]).feret).toBe(0);
  });
});
