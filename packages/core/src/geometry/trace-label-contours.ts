/**
 * @module geometry/trace-label-contours
 * Outer contours of every label of an instance label image, as polygons on
 * pixel edges (the way ImageJ's wand and "traced" ROIs outline regions).
 */
import type { LabelPixels } from "../features/fiber-features.ts";
import { collectLabelRuns, findLabelPieces, indexLabelRuns, type LabelRuns } from "./label-runs.ts";
import { traceWandOutline } from "./trace-wand-outline.ts";

export interface TraceLabelContoursOptions {
  width: number;
  height: number;
  /**
   * Label value that is not an object.
   * @default 0
   */
  background?: number;
}

export interface LabelContour {
  /** The label value. */
  label: number;
  /**
   * Closed polygon, flat `[x0, y0, x1, y1, …]` (stride 2, no repeated closing
   * point), in pixel-corner coordinates: vertex (x, y) is the top-left corner of
   * pixel (x, y), so a single pixel (3, 5) is `[4,6, 3,6, 3,5, 4,5]`. Only
   * corners are listed. Clockwise as seen on screen (y down): the shoelace sum
   * in image coordinates is positive. Filling it gives the component with its
   * holes filled.
   */
  polygon: Int32Array;
  /** Pixels in the 8-connected component this contour bounds (holes not counted). */
  pixelCount: number;
}

/**
 * Traces the outer contour of each 8-connected component of each label, in
 * the raster order of the components' first pixels (so a label split in two
 * pieces yields two entries with the same `label`; most labels yield one).
 * Works on the labels' runs (12 bytes per horizontal run), not on a copy of
 * the image; for strip-wise, memory-bounded measurement of images too large to
 * hold see `features/create-fiber-measurer.ts`.
 */
export function traceLabelContours(
  labels: LabelPixels,
  options: TraceLabelContoursOptions,
): LabelContour[] {
  const { width, height, background = 0 } = options;
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`width must be a positive integer, got ${width}`);
  }
  if (!Number.isInteger(height) || height < 1) {
    throw new RangeError(`height must be a positive integer, got ${height}`);
  }
  if (labels.length !== width * height) {
    throw new RangeError(
      `labels.length must be width·height = ${width * height}, got ${labels.length}`,
    );
  }
  const runsByLabel = new Map<number, LabelRuns>();
  collectLabelRuns(labels, { width, y0: 0, background, into: runsByLabel });
  const contours: (LabelContour & { start: number })[] = [];
  for (const entry of runsByLabel.values()) {
    const index = indexLabelRuns(entry);
    for (const { firstRun, pixelCount } of findLabelPieces(entry, index)) {
      const x = entry.runs[3 * firstRun + 1] as number;
      const y = entry.runs[3 * firstRun] as number;
      const polygon = traceWandOutline(index.inside, { x, y });
      contours.push({ label: entry.label, polygon, pixelCount, start: y * width + x });
    }
  }
  contours.sort((a, b) => a.start - b.start);
  return contours.map(({ label, polygon, pixelCount }) => ({ label, polygon, pixelCount }));
}
