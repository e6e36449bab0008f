/**
 * @module annotations/create-square-roi
 * The paper's fixed-size ROI: a square of a given side in µm around a centre.
 */
import type { PolygonGeometry } from "./polygon-geometry.ts";

export interface CreateSquareRoiOptions {
  /** Side length in µm. @default 400 */
  sizeUm?: number;
  /** µm per level-0 pixel of the section. */
  pixelSizeUm: number;
  /** When given, the square is shifted (not shrunk) to lie inside the image. */
  bounds?: { width: number; height: number };
}

/** A square ROI centred on `center` (level-0 px), axis-aligned, clockwise on screen. */
export function createSquareRoi(
  center: readonly [number, number],
  options: CreateSquareRoiOptions,
): PolygonGeometry {
  const { sizeUm = 400, pixelSizeUm, bounds } = options;
  if (!(sizeUm > 0) || !Number.isFinite(sizeUm)) {
    throw new RangeError(`sizeUm must be a positive number, got ${sizeUm}`);
  }
  if (!(pixelSizeUm > 0) || !Number.isFinite(pixelSizeUm)) {
    throw new RangeError(`pixelSizeUm must be a positive number, got ${pixelSizeUm}`);
  }
  if (!Number.isFinite(center[0]) || !Number.isFinite(center[1])) {
    throw new RangeError(`center must be two finite numbers, got ${center.join(", ")}`);
  }
  const side = sizeUm / pixelSizeUm;
  let x0 = center[0] - side / 2;
  let y0 = center[1] - side / 2;
  if (bounds) {
    if (side > bounds.width || side > bounds.height) {
      throw new RangeError(
        `sizeUm ${sizeUm} µm (${side.toFixed(1)} px) does not fit in a ${bounds.width}×${bounds.height} px image`,
      );
    }
    x0 = Math.min(Math.max(0, x0), bounds.width - side);
    y0 = Math.min(Math.max(0, y0), bounds.height - side);
  }
  const x1 = x0 + side;
  const y1 = y0 + side;
  return {
    type: "Polygon",
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}
