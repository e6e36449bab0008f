/**
 * @module morphology/fill-small-holes
 * Fills background regions smaller than a given area: MorphoLibJ's binary
 * "Area Opening" applied to the inverted mask and inverted back, as the SYNTA
 * toolset does for its muscle masks. Like that recipe it also fills small
 * background regions that touch the image border.
 */
import { assertImageSize, type ImageSize } from "./image-size.ts";
import { labelRuns } from "./label-runs.ts";
import { toBinaryMask } from "./to-binary-mask.ts";

export interface FillSmallHolesOptions extends ImageSize {
  /** Background regions with fewer pixels than this become foreground. */
  maxArea: number;
  /**
   * Connectivity of the background regions (MorphoLibJ labels with 4).
   * @default 4
   */
  connectivity?: 4 | 8;
}

/** Returns a new 0/1 mask with the background regions under `maxArea` pixels filled. */
export function fillSmallHoles(mask: Uint8Array, options: FillSmallHolesOptions): Uint8Array {
  assertImageSize(mask.length, options, "mask");
  const { maxArea, width, height, connectivity = 4 } = options;
  if (typeof maxArea !== "number" || Number.isNaN(maxArea) || maxArea < 0) {
    throw new RangeError(`maxArea must be a number ≥ 0, got ${String(maxArea)}`);
  }
  const out = toBinaryMask(mask);
  const runs = labelRuns(mask, { width, height, connectivity, isLabelingBackground: true });
  const areas = new Float64Array(runs.count + 1);
  for (let run = 0; run < runs.runCount; run++) {
    const label = runs.runLabel[run] as number;
    areas[label] =
      (areas[label] as number) + (runs.runEnd[run] as number) - (runs.runStart[run] as number);
  }
  for (let run = 0; run < runs.runCount; run++) {
    if ((areas[runs.runLabel[run] as number] as number) >= maxArea) continue;
    const row = (runs.runY[run] as number) * width;
    out.fill(1, row + (runs.runStart[run] as number), row + (runs.runEnd[run] as number));
  }
  return out;
}
