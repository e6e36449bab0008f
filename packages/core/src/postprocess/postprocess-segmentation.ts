/**
 * @module postprocess/postprocess-segmentation
 * From the U-Net's probability maps to the paper's masks and numbers
 * (Mill et al. 2025, Methods "Post processing", "Muscle mask", "Shape
 * filter", "Connective tissue"; the Fiji toolset HE_Muscle_Seg):
 *
 * 1. fiber pixels: fiber probability ≥ threshold (and, with a boundary map,
 *    fiber more likely than boundary); 8-connected components are fibers;
 *    with a boundary map each fiber then grows back into its boundary band
 *    (`growLabels`), staying apart from its neighbours;
 * 2. fibers below `minAreaUm2` or `minCircularity` go → `labels`, the
 *    paper's "post processed" mask;
 * 3. muscle mask from those fibers (`buildMuscleMaskRuns`); fibers outside it
 *    go → `segmentationLabels`, the "Segmentation" mask;
 * 4. fibers with circularity in the shape-filter range →
 *    `shapeFilterLabels`, the "Shape Filter" mask;
 * 5. connective tissue = muscle mask − fibers, for the Segmentation mask and
 *    for the Shape Filter mask (whose muscle mask is built again from its
 *    fibers, without the piece-size filter, as the toolset does); area and
 *    fraction inside the muscle mask, and Fiji's Local Thickness of the
 *    Segmentation connective tissue.
 *
 * A fiber keeps one label value in all three label images (1…n in raster
 * order of first pixel in `labels`). Measurements come from
 * `measureFibers` (ImageJ's definitions); fibers are 8-connected by default,
 * as ImageJ's Analyze Particles traces them.
 */

import { type FiberFeatures, measureFibers } from "../features/measure-fibers.ts";
import { computeLocalThickness } from "../morphology/compute-local-thickness.ts";
import { assertImageSize } from "../morphology/image-size.ts";
import { paintMaskRowRuns, toMaskRowRuns } from "../morphology/row-runs.ts";
import { buildMuscleMaskRuns } from "./build-muscle-mask-runs.ts";
import { createLapTimer } from "./create-lap-timer.ts";
import { findFiberCandidates } from "./find-fiber-candidates.ts";
import { type PostprocessParams, parsePostprocessParams } from "./postprocess-params.ts";
import {
  type LocalThicknessSummary,
  summarizeLocalThickness,
} from "./summarize-local-thickness.ts";

export interface PostprocessInput {
  /** P(fiber) scaled to [0, 255], row-major, `width × height`. */
  fiberProb: Uint8Array;
  /** P(fiber boundary) scaled to [0, 255], when the model has a boundary class. */
  boundaryProb?: Uint8Array;
  width: number;
  height: number;
  /** Pixel size of the maps in µm/px. */
  mpp: number;
}

/** A fiber of the post-processed mask with the masks it belongs to. */
export interface PostprocessedFiber extends FiberFeatures {
  /** Inside the muscle mask, i.e. in the Segmentation mask. */
  isInMuscleMask: boolean;
  /** In the Shape Filter mask (inside the muscle mask and circularity in range). */
  passesShapeFilter: boolean;
}

export interface ConnectiveTissue {
  /** 0/1: muscle mask minus fibers. */
  mask: Uint8Array;
  /** 0/1: the muscle mask it was measured in. */
  muscleMask: Uint8Array;
  areaUm2: number;
  muscleAreaUm2: number;
  /** areaUm2 / muscleAreaUm2 (0 when there is no muscle). */
  fraction: number;
}

export interface PostprocessSummary {
  paramsVersion: number;
  width: number;
  height: number;
  mpp: number;
  counts: {
    /** Connected components of fiber pixels before any filter. */
    candidates: number;
    removedBySize: number;
    removedByCircularity: number;
    removedAtEdge: number;
    /** Fibers in `labels` ("post processed"). */
    postProcessed: number;
    /** Fibers in `segmentationLabels`. */
    segmentation: number;
    /** Fibers in `shapeFilterLabels`. */
    shapeFilter: number;
  };
  /** The muscle piece-size filter actually applied, in µm² (after the image-size clamp). */
  muscleMinAreaUm2Applied: number;
  connectiveTissue: {
    segmentation: { areaUm2: number; muscleAreaUm2: number; fraction: number };
    shapeFilter: { areaUm2: number; muscleAreaUm2: number; fraction: number };
  };
  /** Local thickness of the Segmentation connective tissue, or null when disabled. */
  localThickness: LocalThicknessSummary | null;
  timingsMs: Record<string, number>;
}

export interface PostprocessResult {
  params: PostprocessParams;
  /** "Post processed" fibers, labels 1…n. */
  labels: Int32Array;
  /** "Segmentation": the fibers of `labels` inside the muscle mask, same label values. */
  segmentationLabels: Int32Array;
  /** "Shape Filter": the Segmentation fibers with circularity in range, same label values. */
  shapeFilterLabels: Int32Array;
  /** 0/1 muscle mask of the post-processed fibers. */
  muscleMask: Uint8Array;
  connectiveTissue: { segmentation: ConnectiveTissue; shapeFilter: ConnectiveTissue };
  /** Local thickness (diameter, µm) of the Segmentation connective tissue, 0 elsewhere; null when disabled. */
  localThicknessUm: Float32Array | null;
  /** One entry per fiber of `labels`, sorted by label. */
  fibers: PostprocessedFiber[];
  summary: PostprocessSummary;
}

function assertProbabilityMap(map: unknown, name: string, input: PostprocessInput): void {
  if (!(map instanceof Uint8Array))
    throw new RangeError(`${name} must be a Uint8Array scaled to [0, 255]`);
  assertImageSize(map.length, input, name);
}

function measureConnectiveTissue(
  fibers: Int32Array,
  muscleMask: Uint8Array,
  pixelAreaUm2: number,
): ConnectiveTissue {
  const mask = new Uint8Array(fibers.length);
  let tissue = 0;
  let muscle = 0;
  for (let i = 0; i < fibers.length; i++) {
    if (muscleMask[i] === 0) continue;
    muscle++;
    if (fibers[i] === 0) {
      mask[i] = 1;
      tissue++;
    }
  }
  return {
    mask,
    muscleMask,
    areaUm2: tissue * pixelAreaUm2,
    muscleAreaUm2: muscle * pixelAreaUm2,
    fraction: muscle === 0 ? 0 : tissue / muscle,
  };
}

/**
 * Keeps the fibers whose `isKept[label]` is 1 (others become background), and
 * their 0/1 mask; copies straight through when every fiber is kept.
 */
function keepLabels(
  labels: Int32Array,
  fiberMask: Uint8Array,
  isKept: Uint8Array,
): { kept: Int32Array; mask: Uint8Array } {
  if (isKept.indexOf(0, 1) === -1) return { kept: labels.slice(), mask: fiberMask.slice() };
  const kept = new Int32Array(labels.length);
  const mask = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (label !== 0 && isKept[label] === 1) {
      kept[i] = label;
      mask[i] = 1;
    }
  }
  return { kept, mask };
}

export interface PostprocessOptions {
  /**
   * Also trace each fiber's outer outline (`FiberFeatures.contour`), for storage.
   * @default false
   */
  withContours?: boolean;
}

/**
 * Runs the paper's post-processing on one image's probability maps.
 * @param params any subset of the parameters (`PostprocessParamsInput`), validated here; the
 *   rest take the paper's defaults. Typed `unknown` so stored or user-supplied sets pass straight in.
 */
export function postprocessSegmentation(
  input: PostprocessInput,
  params: unknown = {},
  options: PostprocessOptions = {},
): PostprocessResult {
  const { width, height, mpp, fiberProb, boundaryProb } = input;
  assertProbabilityMap(fiberProb, "fiberProb", input);
  const pixelCount = width * height;
  if (boundaryProb !== undefined) assertProbabilityMap(boundaryProb, "boundaryProb", input);
  if (typeof mpp !== "number" || !Number.isFinite(mpp) || mpp <= 0) {
    throw new RangeError(`mpp must be a finite number > 0 µm/px, got ${String(mpp)}`);
  }
  const parsed = parsePostprocessParams(params);
  const { fibers: fiberParams, muscleMask: muscleParams, shapeFilter, localThickness } = parsed;
  const pixelAreaUm2 = mpp * mpp;
  const { lap, timingsMs } = createLapTimer();

  // 1. Fiber pixels and instances.
  const found = findFiberCandidates(
    { fiberProb, boundaryProb, width, height },
    fiberParams,
    mpp,
    lap,
  );
  const candidates = found.labels;

  // 2. Size and circularity filters → "post processed", relabelled 1…n.
  const measured = measureFibers(candidates, {
    width,
    height,
    mpp,
    withContours: options.withContours === true,
  });
  lap("measure");
  const newLabel = new Int32Array(found.count + 1);
  const kept: FiberFeatures[] = [];
  let removedBySize = 0;
  let removedByCircularity = 0;
  let removedAtEdge = 0;
  for (const fiber of measured) {
    if (fiber.areaUm2 < fiberParams.minAreaUm2) removedBySize++;
    else if (fiber.circularity < fiberParams.minCircularity) removedByCircularity++;
    else if (fiberParams.isExcludingEdges && fiber.touchesEdge) removedAtEdge++;
    else kept.push(fiber);
  }
  // Renumber in raster order of first pixel (that is the candidates' own order).
  kept.sort((a, b) => a.label - b.label);
  kept.forEach((fiber, index) => {
    newLabel[fiber.label] = index + 1;
  });
  const fiberCount = kept.length;
  // Relabelled in place: `candidates` is this function's own array.
  const labels = candidates;
  const fiberMask = new Uint8Array(pixelCount);
  // One pixel of each fiber: a fiber lies wholly inside or outside the muscle mask (the closing
  // contains it, hole filling only adds, and pieces are kept or dropped whole).
  const firstPixel = new Int32Array(fiberCount + 1).fill(-1);
  for (let i = 0; i < pixelCount; i++) {
    const candidate = labels[i] as number;
    if (candidate === 0) continue;
    const label = newLabel[candidate] as number;
    labels[i] = label;
    if (label === 0) continue;
    fiberMask[i] = 1;
    if ((firstPixel[label] as number) < 0) firstPixel[label] = i;
  }
  lap("filter");

  // 3. Muscle mask → "Segmentation".
  const imageLimitPx = muscleParams.minAreaImageFraction * pixelCount;
  const minPieceAreaPx = Math.min(muscleParams.minAreaUm2 / pixelAreaUm2, imageLimitPx);
  const maskOptions = {
    width,
    closingIterations: muscleParams.closingIterations,
    holeAreaPx: muscleParams.holeAreaPx,
  };
  const muscleMask = muscleParams.isEnabled
    ? paintMaskRowRuns(
        buildMuscleMaskRuns(toMaskRowRuns(fiberMask, width, height), {
          ...maskOptions,
          minPieceAreaPx,
        }),
        width,
      )
    : new Uint8Array(pixelCount).fill(1);
  const isInMuscle = new Uint8Array(fiberCount + 1);
  for (let label = 1; label <= fiberCount; label++) {
    isInMuscle[label] = muscleMask[firstPixel[label] as number] === 1 ? 1 : 0;
  }
  const { kept: segmentationLabels } = keepLabels(labels, fiberMask, isInMuscle);
  lap("muscleMask");

  // 4. Shape filter.
  const passesShape = new Uint8Array(fiberCount + 1);
  const fibers: PostprocessedFiber[] = kept.map((fiber, index) => {
    const label = index + 1;
    const isInMuscleMask = isInMuscle[label] === 1;
    const passesShapeFilter =
      isInMuscleMask &&
      fiber.circularity >= shapeFilter.minCircularity &&
      fiber.circularity <= shapeFilter.maxCircularity;
    passesShape[label] = passesShapeFilter ? 1 : 0;
    return { ...fiber, label, isInMuscleMask, passesShapeFilter };
  });
  const { kept: shapeFilterLabels, mask: shapeFilterMask } = keepLabels(
    labels,
    fiberMask,
    passesShape,
  );
  lap("shapeFilter");

  // 5. Connective tissue of both masks, and local thickness of the Segmentation one.
  const segmentationTissue = measureConnectiveTissue(segmentationLabels, muscleMask, pixelAreaUm2);
  // The Shape Filter's muscle mask: the closing of its own fibers, gaps filled, no piece-size
  // filter (as the toolset's second pass).
  const shapeMuscleMask = muscleParams.isEnabled
    ? paintMaskRowRuns(
        buildMuscleMaskRuns(toMaskRowRuns(shapeFilterMask, width, height), {
          ...maskOptions,
          minPieceAreaPx: 0,
        }),
        width,
      )
    : muscleMask;
  const shapeTissue = measureConnectiveTissue(shapeFilterLabels, shapeMuscleMask, pixelAreaUm2);
  lap("connectiveTissue");
  let localThicknessUm: Float32Array | null = null;
  let thicknessSummary: LocalThicknessSummary | null = null;
  if (localThickness.isEnabled) {
    localThicknessUm = computeLocalThickness(segmentationTissue.mask, {
      width,
      height,
      pixelSize: mpp,
    });
    thicknessSummary = summarizeLocalThickness(localThicknessUm, localThickness.histogramBinUm);
    lap("localThickness");
  }

  const segmentationCount = fibers.reduce((sum, fiber) => sum + (fiber.isInMuscleMask ? 1 : 0), 0);
  const shapeFilterCount = fibers.reduce(
    (sum, fiber) => sum + (fiber.passesShapeFilter ? 1 : 0),
    0,
  );
  const summary: PostprocessSummary = {
    paramsVersion: parsed.version,
    width,
    height,
    mpp,
    counts: {
      candidates: measured.length,
      removedBySize,
      removedByCircularity,
      removedAtEdge,
      postProcessed: fiberCount,
      segmentation: segmentationCount,
      shapeFilter: shapeFilterCount,
    },
    muscleMinAreaUm2Applied: muscleParams.isEnabled ? minPieceAreaPx * pixelAreaUm2 : 0,
    connectiveTissue: {
      segmentation: {
        areaUm2: segmentationTissue.areaUm2,
        muscleAreaUm2: segmentationTissue.muscleAreaUm2,
        fraction: segmentationTissue.fraction,
      },
      shapeFilter: {
        areaUm2: shapeTissue.areaUm2,
        muscleAreaUm2: shapeTissue.muscleAreaUm2,
        fraction: shapeTissue.fraction,
      },
    },
    localThickness: thicknessSummary,
    timingsMs,
  };
  return {
    params: parsed,
    labels,
    segmentationLabels,
    shapeFilterLabels,
    muscleMask,
    connectiveTissue: { segmentation: segmentationTissue, shapeFilter: shapeTissue },
    localThicknessUm,
    fibers,
    summary,
  };
}
