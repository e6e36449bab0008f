/**
 * @module annotations/trace-mask-polygons
 * Outlines of a label raster's objects as annotation polygons (pixel-edge
 * contours, holes filled), shifted from raster to image pixels.
 */
import type { LabelPixels } from "../features/fiber-features.ts";
import { traceLabelContours } from "../geometry/trace-label-contours.ts";
import { type PolygonGeometry, toClosedRing } from "./polygon-geometry.ts";

export interface TracedPolygon {
  label: number;
  polygon: PolygonGeometry;
  pixelCount: number;
}

export interface TraceLabelPolygonsOptions {
  width: number;
  height: number;
  /**
   * Image pixel of raster pixel (0, 0).
   * @default [0, 0]
   */
  origin?: readonly [number, number];
}

/**
 * One polygon per label: the outline of the label's largest 8-connected piece
 * (a label split in pieces keeps its biggest, as a fiber outline has one ring).
 */
export function traceLabelPolygons(
  labels: LabelPixels,
  options: TraceLabelPolygonsOptions,
): TracedPolygon[] {
  const { width, height, origin = [0, 0] } = options;
  const best = new Map<number, { polygon: Int32Array; pixelCount: number }>();
  for (const contour of traceLabelContours(labels, { width, height })) {
    const current = best.get(contour.label);
    if (!current || contour.pixelCount > current.pixelCount) best.set(contour.label, contour);
  }
  return [...best.entries()]
    .sort(([a], [b]) => a - b)
    .map(([label, { polygon, pixelCount }]) => {
      const shifted = Array.from(polygon, (v, i) => v + (i % 2 === 0 ? origin[0] : origin[1]));
      return {
        label,
        pixelCount,
        polygon: { type: "Polygon", coordinates: [toClosedRing(shifted)] },
      };
    });
}
