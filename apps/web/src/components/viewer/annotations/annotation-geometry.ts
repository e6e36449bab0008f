/**
 * @module viewer/annotations/annotation-geometry
 * Stored polygons (level-0 px, y down) ↔ OpenLayers polygons (µm, y up).
 */
import type { PolygonGeometry, Position } from "@myoscope/core/annotations/polygon-geometry";
import Polygon from "ol/geom/Polygon";
import { mapToPixel, pixelToMap } from "../coordinates.ts";

export function toMapPolygon(geometry: PolygonGeometry, mpp: number): Polygon {
  return new Polygon(geometry.coordinates.map((ring) => ring.map((p) => pixelToMap(p, mpp))));
}

/**
 * Pixel geometry of a drawn or edited polygon, clamped to the image and
 * rounded to 1/100 px (drawing tools overshoot the border by a few pixels).
 */
export function toPixelGeometry(
  polygon: Polygon,
  mpp: number,
  size: { width: number; height: number } | null,
): PolygonGeometry {
  const round = (v: number) => Math.round(v * 100) / 100;
  const coordinates = polygon.getCoordinates().map((ring) =>
    ring.map((c): Position => {
      const [x, y] = mapToPixel(c, mpp);
      if (!size) return [round(x), round(y)];
      return [
        round(Math.min(size.width, Math.max(0, x))),
        round(Math.min(size.height, Math.max(0, y))),
      ];
    }),
  );
  return { type: "Polygon", coordinates };
}

export function toPixelLine(coordinates: number[][], mpp: number): [number, number][] {
  return coordinates.map((c) => mapToPixel(c, mpp));
}
