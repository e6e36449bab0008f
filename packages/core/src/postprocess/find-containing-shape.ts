/**
 * @module postprocess/find-containing-shape
 * The first annotation shape (in the given order) containing a point, with
 * each shape's bounding box checked before its polygon.
 */
import { isPointInPolygon } from "../geometry/is-point-in-polygon.ts";
import { getPolygonBounds, type PolygonRings } from "../geometry/polygon-rings.ts";

export type BoundedShape<T extends { rings: PolygonRings }> = T & {
  bounds: ReturnType<typeof getPolygonBounds>;
};

/** The shapes with their bounding boxes, for `findContainingShape`. */
export function withShapeBounds<T extends { rings: PolygonRings }>(
  shapes: readonly T[],
): BoundedShape<T>[] {
  return shapes.map((shape) => ({ ...shape, bounds: getPolygonBounds(shape.rings) }));
}

/** The first shape containing (x, y), or undefined. */
export function findContainingShape<T extends { rings: PolygonRings }>(
  shapes: readonly BoundedShape<T>[],
  x: number,
  y: number,
): T | undefined {
  return shapes.find(
    ({ bounds, rings }) =>
      bounds !== null &&
      x >= bounds.minX &&
      x <= bounds.maxX &&
      y >= bounds.minY &&
      y <= bounds.maxY &&
      isPointInPolygon(x, y, rings),
  );
}
