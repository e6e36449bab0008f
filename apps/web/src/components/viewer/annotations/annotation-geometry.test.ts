import { describe, expect, it } from "vitest";
import { toMapPolygon, toPixelGeometry } from "./annotation-geometry.ts";

describe("toMapPolygon / toPixelGeometry", () => {
  it("maps level-0 pixels (y down) to µm (y up) and back", () => {
    const geometry = {
      type: "Polygon" as const,
      coordinates: [
        [
          [10, 20],
          [30, 20],
          [30, 40],
          [10, 20],
        ] as [number, number][],
      ],
    };
    const polygon = toMapPolygon(geometry, 0.5);
    expect(polygon.getCoordinates()[0]?.[1]).toEqual([15, -10]);
    expect(toPixelGeometry(polygon, 0.5, { width: 100, height: 100 })).toEqual(geometry);
  });

  it("clamps a drawing that overshoots the image onto its border", () => {
    const polygon = toMapPolygon(
      {
        type: "Polygon",
        coordinates: [
          [
            [-3, -3],
            [120, 0],
            [50, 50],
            [-3, -3],
          ],
        ],
      },
      2,
    );
    expect(toPixelGeometry(polygon, 2, { width: 100, height: 80 }).coordinates[0]).toEqual([
      [0, 0],
      [100, 0],
      [50, 50],
      [0, 0],
    ]);
  });
});
