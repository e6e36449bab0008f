/**
 * @module training-export/build-coco-annotations
 * COCO instance annotations ("object detection" format, Lin et al. 2014,
 * cocodataset.org/#format-data) of one instance-label tile, so that tools
 * other than our own trainer (Detectron2, MMDetection, Cellpose's COCO
 * importers, …) can read an export.
 *
 * Each fiber is one annotation whose `segmentation` lists the outer contour of
 * every connected piece of the fiber in the tile (a fiber cut by the tile edge
 * can fall apart), traced on pixel edges by `traceLabelContours`. Vertices are
 * pixel corners, so filling the polygons at pixel centres gives back exactly the
 * fiber's pixels, except inside holes: COCO polygons cannot carry holes, and
 * consumers fill them.
 */
import { traceLabelContours } from "../geometry/trace-label-contours.ts";
import type { LabelArray } from "./compute-border-weight-map.ts";

/** The only category of an export. */
export const COCO_FIBER_CATEGORY = { id: 1, name: "fiber", supercategory: "muscle" } as const;

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  /** Polygons, each a flat `[x0, y0, x1, y1, …]` of pixel-corner coordinates. */
  segmentation: number[][];
  /** Pixel count of the fiber in the tile. */
  area: number;
  /** `[x, y, width, height]` of the fiber's pixels in the tile. */
  bbox: [number, number, number, number];
  iscrowd: 0;
  /** The fiber's value in the instance label image (an extension of the format). */
  label: number;
}

export interface BuildCocoAnnotationsOptions {
  width: number;
  height: number;
  /** `image_id` of the tile in the COCO `images` list. */
  imageId: number;
  /**
   * `id` of the first annotation; the following ones count up.
   * @default 1
   */
  firstId?: number;
}

/** One annotation per label present in the tile, in the raster order of their first pixels. */
export function buildCocoAnnotations(
  labels: LabelArray,
  options: BuildCocoAnnotationsOptions,
): CocoAnnotation[] {
  const { width, height, imageId, firstId = 1 } = options;
  if (!Number.isInteger(imageId))
    throw new RangeError(`imageId must be an integer, got ${imageId}`);
  if (!Number.isInteger(firstId))
    throw new RangeError(`firstId must be an integer, got ${firstId}`);
  const contours = traceLabelContours(labels, { width, height });
  const byLabel = new Map<number, CocoAnnotation>();
  for (const contour of contours) {
    let annotation = byLabel.get(contour.label);
    if (!annotation) {
      annotation = {
        id: firstId + byLabel.size,
        image_id: imageId,
        category_id: COCO_FIBER_CATEGORY.id,
        segmentation: [],
        area: 0,
        bbox: [0, 0, 0, 0],
        iscrowd: 0,
        label: contour.label,
      };
      byLabel.set(contour.label, annotation);
    }
    annotation.segmentation.push(Array.from(contour.polygon));
    annotation.area += contour.pixelCount;
  }
  for (const annotation of byLabel.values()) {
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const polygon of annotation.segmentation) {
      for (let i = 0; i < polygon.length; i += 2) {
        const x = polygon[i] as number;
        const y = polygon[i + 1] as number;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    annotation.bbox = [minX, minY, maxX - minX, maxY - minY];
  }
  return [...byLabel.values()];
}
