import { describe, expect, it } from "vitest";
import { mergeFiberPolygons, splitFiberPolygon } from "./edit-fiber-polygons.ts";
import { measurePolygonArea } from "./measure-polygon.ts";
import type { PolygonGeometry } from "./polygon-geometry.ts";
import { rasterizePolygons } from "./rasterize-polygons.ts";
import { traceLabelPolygons } from "./trace-mask-polygons.ts";

function rect(x0: number, y0: number, x1: number, y1: number): PolygonGeometry {
  return {
    type: "Polygon",
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}

describe("rasterizePolygons(polygons, size)", () => {
  it("fills the pixels whose centres are inside, by label, later polygons on top", () => {
    const labels = rasterizePolygons(
      [
        { label: 1, polygon: rect(0, 0, 3, 2) },
        { label: 2, polygon: rect(2, 1, 4, 3) },
      ],
      { width: 5, height: 3 },
    );
    expect(Array.from(labels)).toEqual([1, 1, 1, 0, 0, 1, 1, 2, 2, 0, 0, 0, 2, 2, 0]);
  });

  it("leaves holes empty (even-odd) and clips to the raster", () => {
    const donut: PolygonGeometry = {
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [0, 3],
          [0, 0],
        ],
        [
          [1, 1],
          [2, 1],
          [2, 2],
          [1, 2],
          [1, 1],
        ],
      ],
    };
    const labels = rasterizePolygons([{ label: 7, polygon: donut }], { width: 3, height: 3 });
    expect(Array.from(labels)).toEqual([7, 7, 7, 7, 0, 7, 7, 7, 7]);
    const shifted = rasterizePolygons([{ label: 1, polygon: rect(-5, -5, 1, 1) }], {
      width: 2,
      height: 2,
    });
    expect(Array.from(shifted)).toEqual([1, 0, 0, 0]);
  });

  it("writes 32-bit labels when asked and refuses a label that does not fit uint16", () => {
    const big = rasterizePolygons([{ label: 70_000, polygon: rect(0, 0, 1, 1) }], {
      width: 1,
      height: 1,
      arrayType: "uint32",
    });
    expect(big).toBeInstanceOf(Uint32Array);
    expect(big[0]).toBe(70_000);
    expect(() =>
      rasterizePolygons([{ label: 70_000, polygon: rect(0, 0, 1, 1) }], { width: 1, height: 1 }),
    ).toThrow("polygons[0].label must be an integer in 1…65535, got 70000");
  });

  it("fills traced contours back to exactly the traced pixels", () => {
    // An L shape and a diagonal pair, 6×5.
    const source = Uint16Array.from([
      1, 0, 0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 1, 1, 0, 0, 2, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    const traced = traceLabelPolygons(source, { width: 6, height: 5 });
    expect(traced.map((t) => t.label)).toEqual([1, 2]);
    const back = rasterizePolygons(traced, { width: 6, height: 5 });
    expect(Array.from(back)).toEqual(Array.from(source));
  });
});

describe("mergeFiberPolygons / splitFiberPolygon", () => {
  it("merges two fibers separated by a 1 px gap into one outline covering both", () => {
    const fibers = [rect(0, 0, 10, 10), rect(11, 0, 21, 10)];
    const merged = mergeFiberPolygons(fibers);
    expect(merged.coordinates).toHaveLength(1);
    const size = { width: 21, height: 10 };
    const both = rasterizePolygons(
      fibers.map((polygon) => ({ label: 1, polygon })),
      size,
    );
    const union = rasterizePolygons([{ label: 1, polygon: merged }], size);
    expect(both.every((v, i) => v === 0 || union[i] === 1)).toBe(true);
    // The gap column is bridged except, at most, its two corner pixels.
    expect(measurePolygonArea(merged)).toBeGreaterThanOrEqual(208);
  });

  it("refuses to merge fibers far apart", () => {
    expect(() => mergeFiberPolygons([rect(0, 0, 10, 10), rect(40, 0, 50, 10)])).toThrow(
      /do not touch/,
    );
  });

  it("splits a fiber along a line into its two pieces, largest first", () => {
    const [a, b] = splitFiberPolygon(rect(0, 0, 20, 10), [
      [6.2, -2],
      [6.2, 12],
    ]);
    // Pixel columns 5 and 6 (centres 5.5, 6.5) are cut: 5 columns left, 13 right.
    expect(measurePolygonArea(a)).toBe(130);
    expect(measurePolygonArea(b)).toBe(50);
  });

  it("refuses a line that does not cross the fiber", () => {
    expect(() =>
      splitFiberPolygon(rect(0, 0, 20, 10), [
        [3, 2],
        [6, 4],
      ]),
    ).toThrow("the line does not cut the fiber in two");
  });
});
