/**
 * @module features/fiber-features
 * The per-fiber measurements, defined as ImageJ/Fiji's Analyze > Measure defines
 * them for a wand-traced ROI (see `measure-fibers.ts` for the exact definitions).
 */

/** An instance label image's pixels, row-major; 0 is background by default. */
export type LabelPixels = Uint8Array | Uint16Array | Uint32Array | Int32Array;

/** Axis-aligned bounding box in pixels: the pixels x..x+width-1, y..y+height-1. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One fiber's measurements. Lengths in µm, areas in µm², coordinates in pixels. */
export interface FiberFeatures {
  /** The fiber's value in the label image. */
  label: number;
  /** Number of pixels with this label. */
  areaPx: number;
  /** `areaPx × mppX × mppY` (ImageJ "Area"). */
  areaUm2: number;
  /** ImageJ "Perim." of the traced outline (corner-corrected; `PolygonRoi.getTracedPerimeter`). */
  perimeterUm: number;
  /** `4π·area/perimeter²`, capped at 1 (ImageJ "Circ."). */
  circularity: number;
  /** Maximum caliper width (ImageJ "Feret"). */
  feretUm: number;
  /** Minimum caliper width (ImageJ "MinFeret"; the paper's fiber diameter). */
  minFeretUm: number;
  /** Angle of the Feret diameter in degrees, in [0, 180), counterclockwise as seen on screen (ImageJ "FeretAngle"). */
  feretAngle: number;
  /** Start (leftmost end) of the Feret diameter, pixel-corner coordinates (ImageJ "FeretX"/"FeretY"). */
  feretX: number;
  feretY: number;
  /** Major and minor axis of the best-fitting ellipse (ImageJ "Major"/"Minor"). */
  majorUm: number;
  minorUm: number;
  /** `major/minor` of the fitted ellipse (ImageJ "AR"). */
  aspectRatio: number;
  /** `4·area/(π·major²)` (ImageJ "Round"). */
  roundness: number;
  /** `areaPx / convex hull area` (ImageJ "Solidity"). */
  solidity: number;
  /** Diameter of the disk with the same area: `2·√(area/π)`. */
  equivalentDiameterUm: number;
  /** Centroid in pixels, pixel centres at +0.5 (ImageJ "X"/"Y" without calibration). */
  centroidX: number;
  centroidY: number;
  bbox: PixelBox;
  /** Whether any pixel of the fiber lies in the first/last row or column of the image. */
  touchesEdge: boolean;
  /**
   * Outer outline (of the largest piece), only when asked for: flat
   * `[x0, y0, x1, y1, …]` pixel-corner polygon, clockwise on screen, corners
   * only (see `geometry/trace-label-contours.ts`).
   */
  contour?: Int32Array;
  /** Mean haematoxylin / eosin optical density (base 10) over the fiber; only with an RGB image. */
  meanHematoxylinOd?: number;
  meanEosinOd?: number;
}
