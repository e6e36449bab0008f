/**
 * @module postprocess/assign-section-regions
 * Step 6 of the paper's pipeline: annotated regions, ROIs and exclusions
 * applied to a segmented section.
 *
 * - `regionName`: the first region polygon (in the given order) containing the
 *   fiber's centroid; `roiId` likewise for ROIs. Pixels of overlapping regions
 *   go to the first region too (`rasterizePolygon` with `isOnlyEmpty`), so
 *   fibers and tissue are split the same way.
 * - `inExclusion`: more than `exclusionMinOverlap` (½) of the fiber's pixels
 *   lie in exclusion polygons. Overlap rather than the centroid, because an
 *   artifact outline is drawn around damaged tissue, and a fiber mostly inside
 *   it is damaged whatever its centroid does.
 * - Connective tissue outside exclusions: the excluded pixels are removed from
 *   the muscle mask and from the connective tissue before anything is
 *   measured, and the local thickness is computed on the connective tissue
 *   without them (so a septum cut by an exclusion is as thick as what remains).
 * - Per region (key = region name) and for the whole section (key ""): muscle
 *   area, connective fraction (connective / muscle area), mean local thickness
 *   of the connective tissue, and the number of Segmentation-mask fibers
 *   (inside the muscle mask, not excluded) whose centroid lies in it.
 */
import type { PolygonRings } from "../geometry/polygon-rings.ts";
import { assertImageSize, type ImageSize, type LabelArray } from "../morphology/image-size.ts";
import { createSectionRegionsAccumulator } from "./accumulate-section-regions.ts";

/** The annotations of a section that shape its results (level-0 pixel coordinates). */
export interface SectionShapes {
  regions: readonly { name: string; rings: PolygonRings }[];
  rois: readonly { id: string; rings: PolygonRings }[];
  exclusions: readonly { rings: PolygonRings }[];
}

export interface RegionFiber {
  label: number;
  centroidX: number;
  centroidY: number;
  /** In the Segmentation mask (inside the muscle mask). */
  isInMuscleMask: boolean;
}

export interface AssignSectionRegionsInput extends ImageSize {
  /** Pixel size, µm/px. */
  mpp: number;
  /** Post-processed fiber labels (`Fiber.label`). */
  labels: LabelArray;
  /** Muscle mask of the Segmentation mask; non-zero inside. */
  muscleMask: Uint8Array;
  /** Connective tissue of the Segmentation mask; non-zero on tissue. */
  connectiveMask: Uint8Array;
  fibers: readonly RegionFiber[];
  shapes: SectionShapes;
}

export interface AssignSectionRegionsOptions {
  /**
   * Local thickness (µm) of `connectiveMask`, reused when there is no exclusion;
   * computed here otherwise.
   */
  localThicknessUm?: Float32Array | null;
  /**
   * Measure the connective tissue's local thickness (off when the run switched it off;
   * `connectiveThicknessMeanUm` is then null).
   * @default true
   */
  withThickness?: boolean;
  /**
   * A fiber is excluded when more than this fraction of its pixels are in exclusions.
   * @default 0.5
   */
  exclusionMinOverlap?: number;
}

export interface RegionStats {
  /** Muscle mask area outside exclusions, µm². */
  muscleAreaUm2: number;
  /** Connective tissue area outside exclusions, µm². */
  connectiveAreaUm2: number;
  /** connectiveAreaUm2 / muscleAreaUm2; 0 without muscle. */
  connectiveFraction: number;
  /** Mean local thickness over the connective tissue pixels, µm; null without any. */
  connectiveThicknessMeanUm: number | null;
  /** Segmentation-mask fibers outside exclusions whose centroid is in the region. */
  fiberCount: number;
}

export interface FiberRegionAssignment {
  label: number;
  regionName: string | null;
  roiId: string | null;
  inExclusion: boolean;
}

export interface SectionRegionsResult {
  /** One entry per input fiber, same order. */
  fibers: FiberRegionAssignment[];
  /** Per region name, plus the whole section under "". */
  regions: Record<string, RegionStats>;
  /** Area covered by exclusions, µm². */
  excludedAreaUm2: number;
}

/** Assigns regions, ROIs and exclusions to fibers and measures the tissue per region. */
export function assignSectionRegions(
  input: AssignSectionRegionsInput,
  options: AssignSectionRegionsOptions = {},
): SectionRegionsResult {
  const { width, height, mpp, labels, muscleMask, connectiveMask, fibers, shapes } = input;
  assertImageSize(labels.length, input, "labels");
  assertImageSize(muscleMask.length, input, "muscleMask");
  assertImageSize(connectiveMask.length, input, "connectiveMask");
  const { localThicknessUm, ...rest } = options;
  if (localThicknessUm) assertImageSize(localThicknessUm.length, input, "localThicknessUm");
  // One band holding the whole image: thickness, when recomputed, sees all of it.
  let maxLabel = 0;
  for (const fiber of fibers) if (fiber.label > maxLabel) maxLabel = fiber.label;
  const accumulator = createSectionRegionsAccumulator(
    { width, height, mpp, maxLabel, shapes },
    { ...rest, thicknessHaloPx: height },
  );
  accumulator.addBand({
    y: 0,
    rows: height,
    labels,
    muscleMask,
    connectiveMask,
    localThicknessUm: localThicknessUm ?? null,
  });
  return accumulator.finish(fibers);
}
