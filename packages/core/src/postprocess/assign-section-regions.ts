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
import { isPointInPolygon } from "../geometry/is-point-in-polygon.ts";
import { getPolygonBounds, type PolygonRings } from "../geometry/polygon-rings.ts";
import { rasterizePolygon } from "../geometry/rasterize-polygon.ts";
import { computeLocalThickness } from "../morphology/compute-local-thickness.ts";
import { assertImageSize, type ImageSize, type LabelArray } from "../morphology/image-size.ts";

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

function findContaining<T extends { rings: PolygonRings }>(
  shapes: readonly (T & { bounds: ReturnType<typeof getPolygonBounds> })[],
  x: number,
  y: number,
): T | undefined {
  return shapes.find(
    ({ bounds, rings }) =>
      bounds !== null &&
      x >= bounds.minX &&
      x <= bounds.maxX &&
      y >= bounds.minY &&
      y <= bounds.maxY &&
      isPointInPolygon(x, y, rings),
  );
}

/** Assigns regions, ROIs and exclusions to fibers and measures the tissue per region. */
export function assignSectionRegions(
  input: AssignSectionRegionsInput,
  options: AssignSectionRegionsOptions = {},
): SectionRegionsResult {
  const { width, height, mpp, labels, muscleMask, connectiveMask, fibers, shapes } = input;
  const pixelCount = assertImageSize(labels.length, input, "labels");
  assertImageSize(muscleMask.length, input, "muscleMask");
  assertImageSize(connectiveMask.length, input, "connectiveMask");
  if (typeof mpp !== "number" || !Number.isFinite(mpp) || mpp <= 0) {
    throw new RangeError(`mpp must be a finite number > 0 µm/px, got ${String(mpp)}`);
  }
  const { exclusionMinOverlap = 0.5, withThickness = true } = options;
  if (!(exclusionMinOverlap >= 0 && exclusionMinOverlap < 1)) {
    throw new RangeError(
      `exclusionMinOverlap must lie in [0, 1), got ${String(exclusionMinOverlap)}`,
    );
  }
  const pixelAreaUm2 = mpp * mpp;

  // Exclusions → one mask.
  let excluded: Uint8Array | null = null;
  for (const { rings } of shapes.exclusions) {
    excluded = rasterizePolygon(rings, { width, height, into: excluded ?? undefined });
  }

  // Regions → one index map (0 = no region, k = names[k − 1]); the first region wins overlaps.
  const names = [...new Set(shapes.regions.map((region) => region.name))];
  let regionMap: Uint8Array | Uint16Array | null = null;
  if (names.length > 0) {
    regionMap = names.length < 256 ? new Uint8Array(pixelCount) : new Uint16Array(pixelCount);
    for (const { name, rings } of shapes.regions) {
      rasterizePolygon(rings, {
        width,
        height,
        into: regionMap,
        value: names.indexOf(name) + 1,
        isOnlyEmpty: true,
      });
    }
  }

  // Fibers' excluded fraction, from one pass over the labels.
  let maxLabel = 0;
  for (const fiber of fibers) if (fiber.label > maxLabel) maxLabel = fiber.label;
  const excludedPixels = new Float64Array(maxLabel + 1);
  const fiberPixels = new Float64Array(maxLabel + 1);
  if (excluded) {
    for (let i = 0; i < pixelCount; i++) {
      const label = labels[i] as number;
      if (label === 0 || label > maxLabel) continue;
      fiberPixels[label] = (fiberPixels[label] as number) + 1;
      if (excluded[i] !== 0) excludedPixels[label] = (excludedPixels[label] as number) + 1;
    }
  }

  const regionShapes = shapes.regions.map((r) => ({ ...r, bounds: getPolygonBounds(r.rings) }));
  const roiShapes = shapes.rois.map((r) => ({ ...r, bounds: getPolygonBounds(r.rings) }));
  const slot = (): RegionStats => ({
    muscleAreaUm2: 0,
    connectiveAreaUm2: 0,
    connectiveFraction: 0,
    connectiveThicknessMeanUm: null,
    fiberCount: 0,
  });
  const regions: Record<string, RegionStats> = { "": slot() };
  for (const name of names) regions[name] = slot();

  const assigned = fibers.map((fiber): FiberRegionAssignment => {
    const area = fiberPixels[fiber.label] as number;
    const inExclusion =
      area > 0 && (excludedPixels[fiber.label] as number) > exclusionMinOverlap * area;
    const region = findContaining(regionShapes, fiber.centroidX, fiber.centroidY);
    const roi = findContaining(roiShapes, fiber.centroidX, fiber.centroidY);
    if (fiber.isInMuscleMask && !inExclusion) {
      (regions[""] as RegionStats).fiberCount++;
      if (region) (regions[region.name] as RegionStats).fiberCount++;
    }
    return {
      label: fiber.label,
      regionName: region?.name ?? null,
      roiId: roi?.id ?? null,
      inExclusion,
    };
  });

  // Connective tissue outside exclusions, and its local thickness.
  let tissue = connectiveMask;
  let thicknessUm = options.localThicknessUm ?? null;
  if (excluded) {
    tissue = new Uint8Array(pixelCount);
    for (let i = 0; i < pixelCount; i++) {
      tissue[i] = connectiveMask[i] !== 0 && excluded[i] === 0 ? 1 : 0;
    }
    thicknessUm = null;
  }
  if (!withThickness) {
    thicknessUm = null;
  } else if (thicknessUm === null) {
    thicknessUm = computeLocalThickness(tissue, { width, height });
    for (let i = 0; i < pixelCount; i++) {
      if (thicknessUm[i] !== 0) thicknessUm[i] = (thicknessUm[i] as number) * mpp;
    }
  } else {
    assertImageSize(thicknessUm.length, input, "localThicknessUm");
  }

  const slots = names.length + 1;
  const musclePx = new Float64Array(slots);
  const tissuePx = new Float64Array(slots);
  const thicknessPx = new Float64Array(slots);
  const thicknessSum = new Float64Array(slots);
  let excludedPx = 0;
  for (let i = 0; i < pixelCount; i++) {
    if (excluded && excluded[i] !== 0) {
      excludedPx++;
      continue;
    }
    if (muscleMask[i] === 0) continue;
    const k = regionMap ? (regionMap[i] as number) : 0;
    const isTissue = tissue[i] !== 0;
    const t = isTissue && thicknessUm !== null ? (thicknessUm[i] as number) : 0;
    // Slot 0 is the whole section; a pixel in region k counts there too.
    for (let s = 0; s <= k; s += k === 0 ? 1 : k) {
      musclePx[s] = (musclePx[s] as number) + 1;
      if (!isTissue) continue;
      tissuePx[s] = (tissuePx[s] as number) + 1;
      if (t > 0) {
        thicknessPx[s] = (thicknessPx[s] as number) + 1;
        thicknessSum[s] = (thicknessSum[s] as number) + t;
      }
    }
  }
  ["", ...names].forEach((name, s) => {
    const stats = regions[name] as RegionStats;
    const muscle = musclePx[s] as number;
    stats.muscleAreaUm2 = muscle * pixelAreaUm2;
    stats.connectiveAreaUm2 = (tissuePx[s] as number) * pixelAreaUm2;
    stats.connectiveFraction = muscle === 0 ? 0 : (tissuePx[s] as number) / muscle;
    const n = thicknessPx[s] as number;
    stats.connectiveThicknessMeanUm = n === 0 ? null : (thicknessSum[s] as number) / n;
  });
  return { fibers: assigned, regions, excludedAreaUm2: excludedPx * pixelAreaUm2 };
}
