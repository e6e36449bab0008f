/**
 * @module features/measure-fibers
 * Per-fiber features of an instance label image held in memory, defined as
 * ImageJ/Fiji's Analyze > Measure defines them for the fiber's wand-traced ROI
 * (ImageJ 1.x sources, public domain, credited in each ported module):
 *
 * - area: pixel count × mppX × mppY;
 * - perimeter: `PolygonRoi.getTracedPerimeter` of the 8-connected wand outline
 *   (`geometry/trace-wand-outline.ts`, `geometry/traced-perimeter.ts`);
 * - circularity: `4π·area/perimeter²`, capped at 1;
 * - Feret, MinFeret, FeretAngle, FeretX/Y: `Roi.getFeretValues` on the convex
 *   hull of the fiber's pixel corners, which is the hull of its traced outline
 *   (`geometry/feret-diameters.ts`);
 * - aspect ratio, roundness: from `EllipseFitter` (`fit-ellipse.ts`);
 * - solidity: pixel count / convex hull area;
 * - centroid: mean pixel centre (x + 0.5, y + 0.5), in pixels.
 *
 * A label made of several 8-connected pieces is one fiber, measured as Fiji
 * measures the composite ROI that "Create Selection" makes of it: area over all
 * pieces, perimeters of the pieces summed, convex hull and Feret over all
 * pieces. Holes inside a fiber do not count towards its area (ImageJ's wand ROI
 * would include them; its "Create Selection" ROI would not).
 *
 * The traced perimeter depends slightly on where the outline starts (ImageJ's
 * own note in `getTracedPerimeter`); the wand's start (top-left run) is used.
 * On the Cellpose masks of `he_muscle_wcchu`, whose Fiji ROIs start elsewhere,
 * about half the fibers differ from Fiji's "Perim." by one corner
 * (`w + h − √(w² + h²)` ≈ 0.16 µm at 0.277 µm/px); areas, Feret and MinFeret
 * match Fiji to its printed digits.
 *
 * For images too large to hold, stream strips into `createFiberMeasurer`.
 */
import { createFiberMeasurer } from "./create-fiber-measurer.ts";
import type { FiberFeatures, LabelPixels } from "./fiber-features.ts";

export type { FiberFeatures, LabelPixels, PixelBox } from "./fiber-features.ts";

export interface MeasureFibersOptions {
  width: number;
  height: number;
  /** Pixel size along x in µm/px. */
  mpp: number;
  /**
   * Pixel size along y in µm/px.
   * @default mpp
   */
  mppY?: number;
  /**
   * Label value that is not a fiber.
   * @default 0
   */
  background?: number;
  /**
   * Also return each fiber's outline polygon (`FiberFeatures.contour`).
   * @default false
   */
  withContours?: boolean;
  /** Interleaved 8-bit RGB(A) image of the same size, for mean H and E optical density. */
  rgb?: Uint8Array | Uint8ClampedArray;
  /**
   * Channels per pixel of `rgb` (3 or 4).
   * @default 3
   */
  rgbChannels?: number;
}

/** Measures every non-background label; one entry per label, sorted by label. */
export function measureFibers(labels: LabelPixels, options: MeasureFibersOptions): FiberFeatures[] {
  const { width, height, rgb, rgbChannels } = options;
  const measurer = createFiberMeasurer(options);
  if (labels.length !== width * height) {
    throw new RangeError(
      `labels.length must be width·height = ${width * height}, got ${labels.length}`,
    );
  }
  measurer.addStrip({ labels, y0: 0, rgb, rgbChannels });
  return measurer.finish();
}
