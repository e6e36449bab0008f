/**
 * @module postprocess/accumulate-section-regions
 * `assignSectionRegions` fed band by band (rows top to bottom), so whole
 * sections post-processed in tiles get the same regions, exclusions and
 * per-region connective tissue without full-size rasters. Everything is a
 * per-pixel sum except the local thickness of the connective tissue outside
 * exclusions, which is recomputed when there are exclusions: those rows wait
 * until `thicknessHaloPx` rows below them have arrived, and are measured on a
 * window reaching that far each side (as `postprocessSegmentationTiled` does
 * for the connective tissue itself; the same bound holds for any subset of it).
 * With a single band covering the image this is exactly `assignSectionRegions`.
 */
import { rasterizePolygon } from "../geometry/rasterize-polygon.ts";
import { computeLocalThickness } from "../morphology/compute-local-thickness.ts";
import type { LabelArray } from "../morphology/image-size.ts";
import type {
  AssignSectionRegionsOptions,
  FiberRegionAssignment,
  RegionFiber,
  RegionStats,
  SectionRegionsResult,
  SectionShapes,
} from "./assign-section-regions.ts";
import { findContainingShape, withShapeBounds } from "./find-containing-shape.ts";

/** Rows `y … y + rows − 1`, full width, of a segmented section. */
export interface SectionRegionsBand {
  y: number;
  rows: number;
  labels: LabelArray;
  muscleMask: Uint8Array;
  connectiveMask: Uint8Array;
  /** Local thickness (µm) of `connectiveMask` in these rows, reused when there is no exclusion. */
  localThicknessUm?: Float32Array | null;
}

export interface SectionRegionsAccumulatorInput {
  width: number;
  height: number;
  mpp: number;
  /** Largest fiber label the bands can hold (the fiber count for labels 1…n). */
  maxLabel: number;
  shapes: SectionShapes;
}

export interface SectionRegionsAccumulatorOptions
  extends Omit<AssignSectionRegionsOptions, "localThicknessUm"> {
  /**
   * Rows above and below a row that its local thickness depends on (see
   * `postprocessSegmentationTiled`'s `tiling.thicknessHaloPx`); bands must be
   * complete images when this is unknown.
   * @default the image height (thickness waits for the last band)
   */
  thicknessHaloPx?: number;
}

export interface SectionRegionsAccumulator {
  addBand(band: SectionRegionsBand): void;
  /** Call after the last band, with the fibers (labels ≤ `maxLabel`). */
  finish(fibers: readonly RegionFiber[]): SectionRegionsResult;
}

/** Rows of tissue (outside exclusions) and their region index, waiting for their thickness. */
interface PendingRows {
  top: number;
  rows: number;
  tissue: Uint8Array;
  region: Uint8Array | Uint16Array | null;
}

function concatRows<T extends Uint8Array | Uint16Array>(a: T, b: T): T {
  const out = new (a.constructor as { new (length: number): T })(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Starts an accumulation; see the module comment. */
export function createSectionRegionsAccumulator(
  input: SectionRegionsAccumulatorInput,
  options: SectionRegionsAccumulatorOptions = {},
): SectionRegionsAccumulator {
  const { width, height, mpp, maxLabel, shapes } = input;
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`width must be a positive integer, got ${String(width)}`);
  }
  if (!Number.isInteger(height) || height < 1) {
    throw new RangeError(`height must be a positive integer, got ${String(height)}`);
  }
  if (typeof mpp !== "number" || !Number.isFinite(mpp) || mpp <= 0) {
    throw new RangeError(`mpp must be a finite number > 0 µm/px, got ${String(mpp)}`);
  }
  const { exclusionMinOverlap = 0.5, withThickness = true, thicknessHaloPx = height } = options;
  if (!(exclusionMinOverlap >= 0 && exclusionMinOverlap < 1)) {
    throw new RangeError(
      `exclusionMinOverlap must lie in [0, 1), got ${String(exclusionMinOverlap)}`,
    );
  }
  if (!Number.isInteger(thicknessHaloPx) || thicknessHaloPx < 0) {
    throw new RangeError(
      `thicknessHaloPx must be a non-negative integer, got ${String(thicknessHaloPx)}`,
    );
  }
  const pixelAreaUm2 = mpp * mpp;
  const names = [...new Set(shapes.regions.map((region) => region.name))];
  const hasExclusions = shapes.exclusions.length > 0;
  if (!Number.isInteger(maxLabel) || maxLabel < 0) {
    throw new RangeError(`maxLabel must be a non-negative integer, got ${String(maxLabel)}`);
  }
  const excludedPixels = new Float64Array(maxLabel + 1);
  const fiberPixels = new Float64Array(maxLabel + 1);
  const slots = names.length + 1;
  const musclePx = new Float64Array(slots);
  const tissuePx = new Float64Array(slots);
  const thicknessPx = new Float64Array(slots);
  const thicknessSum = new Float64Array(slots);
  let excludedPx = 0;
  let nextRow = 0;
  let pending: PendingRows | null = null;
  /** First pending row whose thickness is not yet counted. */
  let measuredTo = 0;

  const addThickness = (
    tissue: Uint8Array,
    region: Uint8Array | Uint16Array | null,
    thicknessUm: Float32Array,
    from: number,
    to: number,
  ) => {
    for (let i = from; i < to; i++) {
      if (tissue[i] === 0) continue;
      const t = thicknessUm[i] as number;
      if (!(t > 0)) continue;
      const k = region ? (region[i] as number) : 0;
      for (let s = 0; s <= k; s += k === 0 ? 1 : k) {
        thicknessPx[s] = (thicknessPx[s] as number) + 1;
        thicknessSum[s] = (thicknessSum[s] as number) + t;
      }
    }
  };

  /** Measures the pending rows up to `upTo` on a window reaching `thicknessHaloPx` beyond them. */
  const measurePending = (upTo: number) => {
    if (pending === null || upTo <= measuredTo) return;
    const { top, rows, tissue, region } = pending;
    const windowTop = Math.max(top, measuredTo - thicknessHaloPx);
    const windowBottom = Math.min(top + rows, upTo + thicknessHaloPx);
    const windowTissue = tissue.subarray((windowTop - top) * width, (windowBottom - top) * width);
    const thickness = computeLocalThickness(windowTissue, {
      width,
      height: windowBottom - windowTop,
      pixelSize: mpp,
    });
    const from = (measuredTo - windowTop) * width;
    const to = (upTo - windowTop) * width;
    addThickness(
      windowTissue,
      region?.subarray((windowTop - top) * width, (windowBottom - top) * width) ?? null,
      thickness,
      from,
      to,
    );
    measuredTo = upTo;
    // Rows more than a halo above the next row to measure are no longer needed.
    const keepFrom = Math.max(top, measuredTo - thicknessHaloPx);
    if (keepFrom > top) {
      pending = {
        top: keepFrom,
        rows: top + rows - keepFrom,
        tissue: tissue.slice((keepFrom - top) * width),
        region: region?.slice((keepFrom - top) * width) ?? null,
      };
    }
  };

  return {
    addBand(band) {
      const { y, rows, labels, muscleMask, connectiveMask } = band;
      if (y !== nextRow || !Number.isInteger(rows) || rows < 1 || y + rows > height) {
        throw new RangeError(
          `band must start at row ${nextRow} inside the image, got ${y}+${rows}`,
        );
      }
      const count = rows * width;
      for (const [name, array] of [
        ["labels", labels],
        ["muscleMask", muscleMask],
        ["connectiveMask", connectiveMask],
      ] as const) {
        if (array.length !== count) {
          throw new RangeError(`band.${name} must hold ${count} pixels, got ${array.length}`);
        }
      }
      nextRow = y + rows;
      const size = { width, height: rows, originY: y };
      let excluded: Uint8Array | null = null;
      for (const { rings } of shapes.exclusions) {
        excluded = rasterizePolygon(rings, { ...size, into: excluded ?? undefined });
      }
      let region: Uint8Array | Uint16Array | null = null;
      if (names.length > 0) {
        region = names.length < 256 ? new Uint8Array(count) : new Uint16Array(count);
        for (const { name, rings } of shapes.regions) {
          rasterizePolygon(rings, {
            ...size,
            into: region,
            value: names.indexOf(name) + 1,
            isOnlyEmpty: true,
          });
        }
      }
      if (excluded) {
        for (let i = 0; i < count; i++) {
          const label = labels[i] as number;
          if (label === 0 || label > maxLabel) continue;
          fiberPixels[label] = (fiberPixels[label] as number) + 1;
          if (excluded[i] !== 0) excludedPixels[label] = (excludedPixels[label] as number) + 1;
        }
      }
      let tissue = connectiveMask;
      if (excluded) {
        tissue = new Uint8Array(count);
        for (let i = 0; i < count; i++) {
          tissue[i] = connectiveMask[i] !== 0 && excluded[i] === 0 ? 1 : 0;
        }
      }
      for (let i = 0; i < count; i++) {
        if (excluded && excluded[i] !== 0) {
          excludedPx++;
          continue;
        }
        if (muscleMask[i] === 0) continue;
        const k = region ? (region[i] as number) : 0;
        const isTissue = tissue[i] !== 0;
        // Slot 0 is the whole section; a pixel in region k counts there too.
        for (let s = 0; s <= k; s += k === 0 ? 1 : k) {
          musclePx[s] = (musclePx[s] as number) + 1;
          if (isTissue) tissuePx[s] = (tissuePx[s] as number) + 1;
        }
      }
      if (!withThickness) return;
      const given = band.localThicknessUm;
      if (!hasExclusions && given) {
        if (given.length !== count) {
          throw new RangeError(
            `band.localThicknessUm must hold ${count} values, got ${given.length}`,
          );
        }
        addThickness(tissue, region, given, 0, count);
        measuredTo = nextRow;
        return;
      }
      // Thickness of the tissue outside exclusions, once enough rows below have arrived.
      const tissueRows = tissue === connectiveMask ? tissue.slice() : tissue;
      if (pending === null) {
        pending = { top: y, rows, tissue: tissueRows, region };
      } else {
        pending = {
          top: pending.top,
          rows: pending.rows + rows,
          tissue: concatRows(pending.tissue, tissueRows),
          region: pending.region && region ? concatRows(pending.region, region) : null,
        };
      }
      measurePending(nextRow === height ? height : Math.max(measuredTo, nextRow - thicknessHaloPx));
    },
    finish(fibers) {
      if (nextRow !== height) {
        throw new RangeError(`bands covered ${nextRow} of ${height} rows`);
      }
      measurePending(height);
      const regions: Record<string, RegionStats> = {};
      ["", ...names].forEach((name, s) => {
        const muscle = musclePx[s] as number;
        const n = thicknessPx[s] as number;
        regions[name] = {
          muscleAreaUm2: muscle * pixelAreaUm2,
          connectiveAreaUm2: (tissuePx[s] as number) * pixelAreaUm2,
          connectiveFraction: muscle === 0 ? 0 : (tissuePx[s] as number) / muscle,
          connectiveThicknessMeanUm: n === 0 ? null : (thicknessSum[s] as number) / n,
          fiberCount: 0,
        };
      });
      const regionShapes = withShapeBounds(shapes.regions);
      const roiShapes = withShapeBounds(shapes.rois);
      const assigned = fibers.map((fiber): FiberRegionAssignment => {
        if (fiber.label > maxLabel) {
          throw new RangeError(`fiber label ${fiber.label} is over maxLabel ${maxLabel}`);
        }
        const area = fiberPixels[fiber.label] as number;
        const inExclusion =
          area > 0 && (excludedPixels[fiber.label] as number) > exclusionMinOverlap * area;
        const found = findContainingShape(regionShapes, fiber.centroidX, fiber.centroidY);
        const roi = findContainingShape(roiShapes, fiber.centroidX, fiber.centroidY);
        if (fiber.isInMuscleMask && !inExclusion) {
          (regions[""] as RegionStats).fiberCount++;
          if (found) (regions[found.name] as RegionStats).fiberCount++;
        }
        return {
          label: fiber.label,
          regionName: found?.name ?? null,
          roiId: roi?.id ?? null,
          inExclusion,
        };
      });
      return { fibers: assigned, regions, excludedAreaUm2: excludedPx * pixelAreaUm2 };
    },
  };
}
