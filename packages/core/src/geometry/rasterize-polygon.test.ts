import { describe, expect, it } from "vitest";
import { isPointInPolygon } from "./is-point-in-polygon.ts";
import { type PolygonRings, readPolygonRings } from "./polygon-rings.ts";
import { rasterizePolygon } from "./rasterize-polygon.ts";

function rows(raster: ArrayLike<number>, width: number): string[] {
  const out: string[] = [];
  for (let y = 0; y < raster.length / width; y++) {
    out.push(Array.from({ length: width }, (_, x) => String(raster[y * width + x])).join(""));
  }
  return out;
}

describe("rasterizePolygon(rings, options)", () => {
  it("fills exactly the pixels of an axis-aligned rectangle given by its corners", () => {
    const raster = rasterizePolygon(
      [
        [
          [1, 1],
          [4, 1],
          [4, 3],
          [1, 3],
        ],
      ],
      { width: 6, height: 4 },
    );
    expect(rows(raster, 6)).toEqual(["000000", "011100", "011100", "000000"]);
  });

  it("leaves holes empty by the even-odd rule, whatever the rings' orientation", () => {
    const donut: PolygonRings = [
      [
        [0, 0],
        [5, 0],
        [5, 5],
        [0, 5],
        [0, 0],
      ],
      [
        [1, 1],
        [1, 4],
        [4, 4],
        [4, 1],
      ],
    ];
    expect(rows(rasterizePolygon(donut, { width: 5, height: 5, value: 7 }), 5)).toEqual([
      "77777",
      "70007",
      "70007",
      "70007",
      "77777",
    ]);
  });

  it("fills a pixel when its centre is inside: a right triangle fills the pixels strictly below its diagonal", () => {
    const triangle: PolygonRings = [
      [
        [0, 0],
        [4, 4],
        [0, 4],
      ],
    ];
    // Centres on the diagonal lie on the right-hand edge of the span [0, y + 0.5): outside.
    expect(rows(rasterizePolygon(triangle, { width: 4, height: 4 }), 4)).toEqual([
      "0000",
      "1000",
      "1100",
      "1110",
    ]);
  });

  it("agrees with isPointInPolygon at every pixel centre of an irregular polygon with a hole", () => {
    const rings: PolygonRings = [
      [
        [2.3, 1.1],
        [30.7, 4.2],
        [25.1, 28.9],
        [14.5, 17.5],
        [3.2, 26.4],
      ],
      [
        [10, 8],
        [20, 8.5],
        [15, 14],
      ],
    ];
    const width = 34;
    const height = 31;
    const raster = rasterizePolygon(rings, { width, height });
    let filled = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const expected = isPointInPolygon(x + 0.5, y + 0.5, rings) ? 1 : 0;
        expect(raster[y * width + x], `pixel ${x},${y}`).toBe(expected);
        filled += expected;
      }
    }
    expect(filled).toBeGreaterThan(300);
  });

  it("never fills a pixel twice for two polygons sharing an edge", () => {
    const left: PolygonRings = [
      [
        [0, 0],
        [2.5, 0],
        [3.5, 4],
        [0, 4],
      ],
    ];
    const right: PolygonRings = [
      [
        [2.5, 0],
        [6, 0],
        [6, 4],
        [3.5, 4],
      ],
    ];
    const a = rasterizePolygon(left, { width: 6, height: 4 });
    const b = rasterizePolygon(right, { width: 6, height: 4 });
    for (let i = 0; i < a.length; i++) expect((a[i] as number) + (b[i] as number)).toBe(1);
  });

  it("fills a crop when given its origin, and keeps earlier values with isOnlyEmpty", () => {
    const square: PolygonRings = [
      [
        [100, 200],
        [103, 200],
        [103, 202],
        [100, 202],
      ],
    ];
    const into = new Int32Array(4 * 3);
    into[0] = 9;
    rasterizePolygon(square, { width: 4, height: 3, originX: 99, originY: 200, value: 5, into });
    expect(rows(into, 4)).toEqual(["9555", "0555", "0000"]);
    into.fill(0);
    into[1] = 9;
    rasterizePolygon(square, {
      width: 4,
      height: 3,
      originX: 99,
      originY: 200,
      value: 5,
      into,
      isOnlyEmpty: true,
    });
    expect(rows(into, 4)).toEqual(["0955", "0555", "0000"]);
  });

  it("clips polygons reaching outside the raster", () => {
    const big: PolygonRings = [
      [
        [-10, -10],
        [10, -10],
        [10, 1],
        [-10, 1],
      ],
    ];
    expect(rows(rasterizePolygon(big, { width: 3, height: 2 }), 3)).toEqual(["111", "000"]);
  });

  it("rejects a bad size or a raster of the wrong length, naming them", () => {
    expect(() => rasterizePolygon([], { width: 0, height: 2 })).toThrow(
      /width must be a positive integer, got 0/,
    );
    expect(() => rasterizePolygon([], { width: 2, height: 2, into: new Uint8Array(3) })).toThrow(
      /into must hold width × height = 4 pixels, got 3/,
    );
  });
});

describe("readPolygonRings(geometry)", () => {
  it("reads a GeoJSON Polygon's rings and refuses anything else", () => {
    const square = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    expect(readPolygonRings({ type: "Polygon", coordinates: [square] })).toEqual([square]);
    expect(readPolygonRings({ type: "Point", coordinates: [0, 0] })).toBeNull();
    expect(
      readPolygonRings({
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, 1],
          ],
        ],
      }),
    ).toBeNull();
    expect(
      readPolygonRings({
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, "x"],
            [2, 2],
          ],
        ],
      }),
    ).toBeNull();
    expect(readPolygonRings(null)).toBeNull();
  });
});
