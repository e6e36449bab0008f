/**
 * @module morphology/label-components
 * Connected-component labelling of a binary mask into a label image, through
 * the run-based union-find of `label-runs.ts`.
 */
import { assertImageSize, type ImageSize } from "./image-size.ts";
import { labelRuns } from "./label-runs.ts";

export interface LabelComponentsOptions extends ImageSize {
  /**
   * 4: pixels touching by an edge are connected; 8: by an edge or a corner
   * (ImageJ's Analyze Particles traces 8-connected particles).
   * @default 8
   */
  connectivity?: 4 | 8;
}

export interface LabeledComponents {
  /** 0 for background, 1…count for components, numbered in raster order of their first pixel. */
  labels: Int32Array;
  count: number;
}

/** Labels the connected components of `mask !== 0`. */
export function labelComponents(
  mask: Uint8Array,
  options: LabelComponentsOptions,
): LabeledComponents {
  const pixelCount = assertImageSize(mask.length, options, "mask");
  const { width } = options;
  const runs = labelRuns(mask, options);
  const labels = new Int32Array(pixelCount);
  for (let run = 0; run < runs.runCount; run++) {
    const row = (runs.runY[run] as number) * width;
    labels.fill(
      runs.runLabel[run] as number,
      row + (runs.runStart[run] as number),
      row + (runs.runEnd[run] as number),
    );
  }
  return { labels, count: runs.count };
}
