import { describe, expect, it } from "vitest";
import { polygonArea } from "./polygon-area.ts";
import { simplifyContour } from "./simplify-contour.ts";
import { traceLabelContours } from "./trace-label-contours.ts";

/** A pixel disk of radius r centred in a (2r + 4)² image, and its traced outline. */
function diskOutline(r: number): { polygon: Int32Array; size: number } {
  const size = 2 * r + 4;
  const labels = new Uint8Array(size * size);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if ((x + 0.5 - c) ** 2 + (y + 0.5 - c) ** 2 <= r * r) labels[y * size + x] = 1;
    }
  }
  const [contour] = traceLabelContours(labels, { width: size, height: size });
  return { polygon: contour?.polygon ?? new Int32Array(), size };
}

function distanceToPolygon(px: number, py: number, polygon: Int32Array): number {
  let best = Number.POSITIVE_INFINITY;
  const n = polygon.length / 2;
  for (let i = 0; i < n; i++) {
    const ax = polygon[2 * i] as number;
    const ay = polygon[2 * i + 1] as number;
    const bx = polygon[(2 * i + 2) % polygon.length] as number;
    const by = polygon[(2 * i + 3) % polygon.length] as number;
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(px - ax - t * dx, py - ay - t * dy));
  }
  return best;
}

describe("simplifyContour(polygon, options)", () => {
  it("keeps a subset of the corners of a traced disk, all within 1 px of the result", () => {
    const { polygon } = diskOutline(50);
    const simplified = simplifyContour(polygon);
    expect(simplified.length).toBeLessThan(polygon.length / 3);
    const corners = new Set<string>();
    for (let i = 0; i < polygon.length; i += 2) corners.add(`${polygon[i]},${polygon[i + 1]}`);
    for (let i = 0; i < simplified.length; i += 2) {
      expect(corners.has(`${simplified[i]},${simplified[i + 1]}`)).toBe(true);
    }
    for (let i = 0; i < polygon.length; i += 2) {
      const d = distanceToPolygon(polygon[i] as number, polygon[i + 1] as number, simplified);
      expect(d).toBeLessThanOrEqual(1 + 1e-9);
    }
    // The area moves by well under one pixel per unit of perimeter.
    expect(Math.abs(polygonArea(simplified) - polygonArea(polygon))).toBeLessThan(
      0.2 * 2 * Math.PI * 50,
    );
  });

  it("leaves a rectangle alone and is lossless at tolerance 0", () => {
    const rectangle = Int32Array.of(0, 0, 5, 0, 5, 3, 0, 3);
    expect(Array.from(simplifyContour(rectangle))).toEqual(Array.from(rectangle));
    const { polygon } = diskOutline(10);
    expect(Array.from(simplifyContour(polygon, { tolerancePx: 0 }))).toEqual(Array.from(polygon));
  });

  it("rejects a negative tolerance", () => {
    expect(() => simplifyContour(Int32Array.of(0, 0, 1, 0, 1, 1), { tolerancePx: -1 })).toThrow(
      /tolerancePx must be a finite number ≥ 0, got -1/,
    );
  });
});
