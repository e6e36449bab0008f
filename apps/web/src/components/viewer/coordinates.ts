/**
 * @module viewer/coordinates
 * One convention for every map in the app: OpenLayers coordinates are µm with
 * y pointing up (so that north-up maths, scale bars and measurements are in µm),
 * while stored geometry is in level-0 pixels with y down, as QuPath writes it.
 */
import Projection from "ol/proj/Projection";

/** A µm "projection" covering a section; the extent is [0, -height, width, 0] in µm. */
export function createMicronProjection(widthPx: number, heightPx: number, mpp: number): Projection {
  return new Projection({
    code: "myoscope-um",
    units: "m",
    // OpenLayers' ScaleLine reads metres per unit; 1 unit = 1 µm.
    metersPerUnit: 1e-6,
    extent: [0, -heightPx * mpp, widthPx * mpp, 0],
  });
}

/** Level-0 pixel (y down) → map coordinate (µm, y up). */
export function pixelToMap([x, y]: readonly number[], mpp: number): [number, number] {
  return [(x ?? 0) * mpp, -(y ?? 0) * mpp];
}

/** Map coordinate (µm, y up) → level-0 pixel (y down). */
export function mapToPixel([x, y]: readonly number[], mpp: number): [number, number] {
  return [(x ?? 0) / mpp, -(y ?? 0) / mpp];
}
