import { describe, expect, it } from "vitest";
import { isPointInPolygon } from "../geometry/is-point-in-polygon.ts";
import { createSquareRoi } from "./create-square-roi.ts";
import { measurePolygonArea, measurePolygonBounds } from "./measure-polygon.ts";
import { type PolygonGeometry, validatePolygon } from "./polygon-geometry.ts";

const size = { width: 100, height: 50 };
const square: PolygonGeometry = {
  type: "Polygon",
  coordinates: [
    [
      [10, 10],
      [30, 10],
      [30, 30],
      [10, 30],
      [10, 10],
    ],
  ],
};

describe("validatePolygon(geometry, size)", () => {
  it("accepts a closed ring inside the image and returns it unchanged", () => {
    expect(validatePolygon(square, size)).toEqual(square);
  });

  it("clamps vertices within the tolerance onto the border", () => {
    const ring = [
      [-1, -1],
      [101, 0],
      [50, 51],
      [-1, -1],
    ];
    expect(validatePolygon({ type: "Polygon", coordinates: [ring] }, size).coordinates[0]).toEqual([
      [0, 0],
      [100, 0],
      [50, 50],
      [0, 0],
    ]);
  });

  it.each([
    [{ type: "Point", coordinates: [1, 2] }, /geometry type must be Polygon, got Point/],
    [{ type: "Polygon", coordinates: [] }, /at least one ring/],
    [
      {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [5, 0],
            [5, 5],
            [0, 1],
          ],
        ],
      },
      /ring 0 is not closed/,
    ],
    [
      {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [5, 0],
            [0, 0],
            [5, 0],
            [0, 0],
          ],
        ],
      },
      /at least 3 distinct points, got 2/,
    ],
    [
      {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [5, Number.NaN],
            [5, 5],
            [0, 0],
          ],
        ],
      },
      /ring 0, vertex 1 must be two finite numbers/,
    ],
    [
      {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [500, 0],
            [5, 5],
            [0, 0],
          ],
        ],
      },
      /vertex 1 \(500, 0\) lies outside the 100×50 px image/,
    ],
    [
      {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [10, 10],
            [10, 0],
            [0, 10],
            [0, 0],
          ],
        ],
      },
      /ring 0 crosses itself/,
    ],
  ])("rejects %j with a message saying why", (geometry, message) => {
    expect(() => validatePolygon(geometry, size)).toThrow(message);
  });

  it("rejects polygons with more vertices than maxVertices", () => {
    const ring = Array.from({ length: 30 }, (_, i) => [
      25 + 20 * Math.cos((i / 30) * 2 * Math.PI),
      25 + 20 * Math.sin((i / 30) * 2 * Math.PI),
    ]);
    ring.push(ring[0] as number[]);
    expect(() =>
      validatePolygon({ type: "Polygon", coordinates: [ring] }, { ...size, maxVertices: 20 }),
    ).toThrow("at most 20 vertices, got 31");
  });
});

describe("measurePolygonBounds / measurePolygonArea", () => {
  it("gives the outer ring's box and the area less holes", () => {
    const withHole: PolygonGeometry = {
      type: "Polygon",
      coordinates: [
        ...square.coordinates,
        [
          [15, 15],
          [20, 15],
          [20, 20],
          [15, 20],
          [15, 15],
        ],
      ],
    };
    expect(measurePolygonBounds(withHole)).toEqual({ minX: 10, minY: 10, maxX: 30, maxY: 30 });
    expect(measurePolygonArea(withHole)).toBe(400 - 25);
  });
});

describe("createSquareRoi(center, { sizeUm, pixelSizeUm })", () => {
  it("makes a 400 µm square at 0.5 µm/px as an 800 px square around the centre", () => {
    const roi = createSquareRoi([1000, 1000], { sizeUm: 400, pixelSizeUm: 0.5 });
    expect(measurePolygonBounds(roi)).toEqual({ minX: 600, minY: 600, maxX: 1400, maxY: 1400 });
    expect(measurePolygonArea(roi) * 0.5 * 0.5).toBeCloseTo(160_000);
  });

  it("shifts the square inside the image when bounds are given", () => {
    const roi = createSquareRoi([10, 10], {
      sizeUm: 100,
      pixelSizeUm: 1,
      bounds: { width: 500, height: 500 },
    });
    expect(measurePolygonBounds(roi)).toEqual({ minX: 0, minY: 0, maxX: 100, maxY: 100 });
  });

  it("throws a RangeError naming sizeUm when it is not positive", () => {
    expect(() => createSquareRoi([0, 0], { sizeUm: 0, pixelSizeUm: 1 })).toThrow(
      "sizeUm must be a positive number, got 0",
    );
  });
});

describe("isPointInPolygon(x, y, rings) on annotation polygons", () => {
  it("uses even-odd over rings, so a hole is outside", () => {
    const donut: PolygonGeometry = {
      type: "Polygon",
      coordinates: [
        square.coordinates[0] as [number, number][],
        [
          [15, 15],
          [25, 15],
          [25, 25],
          [15, 25],
          [15, 15],
        ],
      ],
    };
    expect(isPointInPolygon(12, 12, donut.coordinates)).toBe(true);
    expect(isPointInPolygon(20, 20, donut.coordinates)).toBe(false);
    expect(isPointInPolygon(40, 20, donut.coordinates)).toBe(false);
  });
});
