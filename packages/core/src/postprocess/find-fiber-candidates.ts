/**
 * @module postprocess/find-fiber-candidates
 * Step 1 of the post-processing (`postprocess-segmentation`): fiber pixels
 * are those with fiber probability ≥ threshold (and, with a boundary map,
 * fiber more likely than boundary); their 8-connected components are the
 * candidate fibers, numbered in raster order of their first pixel; with a
 * boundary map each candidate then grows back into its boundary band
 * (`growLabels`), staying apart from its neighbours.
 *
 * Shared by the whole-image and the tiled post-processing, so both find the
 * same candidates. Everything here is local: a pixel's result depends only on
 * the maps within `growSteps` pixels of the candidate it joins.
 */
import { labelComponents } from "../morphology/label-components.ts";
import { growLabels } from "./grow-labels.ts";
import type { PostprocessParams } from "./postprocess-params.ts";

export interface FiberCandidateMaps {
  /** P(fiber) ×255, row-major `width × height`. */
  fiberProb: Uint8Array;
  /** P(boundary) ×255, when the model has a boundary class. */
  boundaryProb?: Uint8Array;
  width: number;
  height: number;
}

export interface FiberCandidates {
  /** Candidate labels 1…count after growth (0 background). */
  labels: Int32Array;
  /** The same candidates before growth (the same array as `labels` when nothing grew). */
  componentLabels: Int32Array;
  count: number;
  /** Growth steps applied (0 without a boundary map). */
  growSteps: number;
}

/** Growth steps (pixels) for a pixel size: the parameter is in µm. */
export function countGrowSteps(fibers: PostprocessParams["fibers"], mpp: number): number {
  return Math.round(fibers.growDistanceUm / mpp);
}

/**
 * Thresholds, labels and grows; `lap` is called after each timed step.
 * Maps are assumed validated by the caller.
 */
export function findFiberCandidates(
  maps: FiberCandidateMaps,
  fibers: PostprocessParams["fibers"],
  mpp: number,
  lap: (step: string) => void = () => {},
): FiberCandidates {
  const { fiberProb, boundaryProb, width, height } = maps;
  const pixelCount = width * height;
  const core = new Uint8Array(pixelCount);
  const threshold = fibers.threshold;
  if (boundaryProb === undefined) {
    for (let i = 0; i < pixelCount; i++) core[i] = (fiberProb[i] as number) >= threshold ? 1 : 0;
  } else {
    for (let i = 0; i < pixelCount; i++) {
      const fiber = fiberProb[i] as number;
      core[i] = fiber >= threshold && fiber > (boundaryProb[i] as number) ? 1 : 0;
    }
  }
  const components = labelComponents(core, { width, height, connectivity: fibers.connectivity });
  lap("threshold+label");
  const growSteps = boundaryProb === undefined ? 0 : countGrowSteps(fibers, mpp);
  if (boundaryProb === undefined || growSteps === 0) {
    return {
      labels: components.labels,
      componentLabels: components.labels,
      count: components.count,
      growSteps: 0,
    };
  }
  // The threshold mask is not needed any more: reuse it for the growth mask.
  const allowed = core;
  const minForeground = fibers.growMinForeground;
  for (let i = 0; i < pixelCount; i++) {
    allowed[i] = (fiberProb[i] as number) + (boundaryProb[i] as number) >= minForeground ? 1 : 0;
  }
  const labels = growLabels(components.labels, { width, height, allowed, iterations: growSteps });
  lap("grow");
  return { labels, componentLabels: components.labels, count: components.count, growSteps };
}
