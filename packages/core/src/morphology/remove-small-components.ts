/**
 * @module morphology/remove-small-components
 * Binary area opening: MorphoLibJ's "Area Opening" on a binary image
 * (BinaryImages.areaOpening, Legland et al., Bioinformatics 32, 2016), which
 * keeps the 4-connected particles with at least the given number of pixels.
 */
import { assertImageSize, type ImageSize } from "./image-size.ts";
import { labelRuns } from "./label-runs.ts";

export interface RemoveSmallComponentsOptions extends ImageSize {
  /**
   * Connectivity of the components; MorphoLibJ's binary area opening uses 4.
   * @default 4
   */
  connectivity?: 4 | 8;
  /** Components with fewer pixels than this are removed; `minArea` itself is kept. */
  minArea: number;
}

/** Returns a new 0/1 mask without the components of `mask !== 0` smaller than `minArea` pixels. */
export function removeSmallComponents(
  mask: Uint8Array,
  options: RemoveSmallComponentsOptions,
): Uint8Array {
  const pixelCount = assertImageSize(mask.length, options, "mask");
  const { minArea, width, height, connectivity = 4 } = options;
  if (typeof minArea !== "number" || Number.isNaN(minArea) || minArea < 0) {
    throw new RangeError(`minArea must be a number ≥ 0, got ${String(minArea)}`);
  }
  const runs = labelRuns(mask, { width, height, connectivity });
  const areas = new Float64Array(runs.count + 1);
  for (let run = 0; run < runs.runCount; run++) {
    const label = runs.runLabel[run] as number;
    areas[label] =
      (areas[label] as number) + (runs.runEnd[run] as number) - (runs.runStart[run] as number);
  }
  const out = new Uint8Array(pixelCount);
  for (let run = 0; run < runs.runCount; run++) {
    if ((areas[runs.runLabel[run] as number] as number) < minArea) continue;
    const row = (runs.runY[run] as number) * width;
    out.fill(1, row + (runs.runStart[run] as number), row + (runs.runEnd[run] as number));
  }
  return out;
}
