/**
 * @module docs/measure-he-image
 * The realism measurements of docs/synthesis.md, computed the same way on real
 * and synthetic images: H and E optical density in fibers and in non-fiber
 * tissue, fiber sizes, nuclei density and the fraction of fibers with a
 * central nucleus. Fiber regions come from instance labels (Cellpose masks for
 * the real wcchu tiles, the generator's labels for synthetic images).
 */
import { deconvolveHe } from "./deconvolve-he.ts";

/** Pixels with total RGB optical density below this are empty slide. */
export const EMPTY_SLIDE_OD = 0.25;
/** Pixels with hematoxylin OD at or above this are counted as nuclear. */
export const NUCLEUS_H_OD = 0.55;
/** Smallest nuclear blob counted as a nucleus, µm². */
export const MIN_NUCLEUS_AREA_UM2 = 4;

export interface Distribution {
  count: number;
  mean: number;
  sd: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

export function describeDistribution(values: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) {
    return {
      count: 0,
      mean: Number.NaN,
      sd: Number.NaN,
      p5: Number.NaN,
      p25: Number.NaN,
      p50: Number.NaN,
      p75: Number.NaN,
      p95: Number.NaN,
    };
  }
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of sorted) squares += (v - mean) ** 2;
  // R-7 quantiles (linear interpolation between order statistics).
  const quantile = (p: number) => {
    const x = (n - 1) * p;
    const lo = Math.floor(x);
    const hi = Math.min(n - 1, lo + 1);
    return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (x - lo);
  };
  return {
    count: n,
    mean,
    sd: Math.sqrt(squares / Math.max(1, n - 1)),
    p5: quantile(0.05),
    p25: quantile(0.25),
    p50: quantile(0.5),
    p75: quantile(0.75),
    p95: quantile(0.95),
  };
}

export interface HeImageInput {
  /** Interleaved RGB. */
  rgb: Uint8Array;
  width: number;
  height: number;
  /** Instance labels, 0 = not fiber; null when the image has no fiber annotation. */
  labels: ArrayLike<number> | null;
  mpp: number;
}

/** Raw per-pixel and per-fiber values of one image, pooled across images before summarising. */
export interface HeMeasurements {
  /** Every tissue pixel (fiber or not): the only split possible without labels. */
  allH: number[];
  allE: number[];
  fiberH: number[];
  fiberE: number[];
  tissueH: number[];
  tissueE: number[];
  /** Equivalent-circle diameters (µm) of fibers not touching the image border. */
  fiberDiametersUm: number[];
  fibersWithCentralNucleus: number;
  fibersMeasured: number;
  nucleusCount: number;
  nuclearAreaUm2: number;
  tissueAreaUm2: number;
}

export function createMeasurements(): HeMeasurements {
  return {
    allH: [],
    allE: [],
    fiberH: [],
    fiberE: [],
    tissueH: [],
    tissueE: [],
    fiberDiametersUm: [],
    fibersWithCentralNucleus: 0,
    fibersMeasured: 0,
    nucleusCount: 0,
    nuclearAreaUm2: 0,
    tissueAreaUm2: 0,
  };
}

/** Labels connected components of `mask` (8-connectivity); returns their pixel counts. */
function componentAreas(mask: Uint8Array, width: number, height: number): number[] {
  const seen = new Uint8Array(mask.length);
  const stack = new Int32Array(mask.length);
  const areas: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let area = 0;
    while (top > 0) {
      const p = stack[--top] as number;
      area++;
      const x = p % width;
      const y = (p - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const q = yy * width + xx;
          if (mask[q] && !seen[q]) {
            seen[q] = 1;
            stack[top++] = q;
          }
        }
      }
    }
    areas.push(area);
  }
  return areas;
}

/**
 * Adds one image's values to `into`. Pixel values are subsampled with `stride`
 * to keep the pooled arrays small; counts and areas use every pixel.
 */
export function measureHeImage(input: HeImageInput, into: HeMeasurements, stride = 3): void {
  const { rgb, width, height, labels, mpp } = input;
  const n = width * height;
  const od = deconvolveHe(rgb, n);
  const pixelAreaUm2 = mpp * mpp;

  const nuclear = new Uint8Array(n);
  let tissuePixels = 0;
  let nuclearPixels = 0;
  for (let i = 0; i < n; i++) {
    const isFiber = labels !== null && (labels[i] as number) > 0;
    const isTissue = isFiber || (od.total[i] as number) >= EMPTY_SLIDE_OD;
    if (isTissue) tissuePixels++;
    if ((od.h[i] as number) >= NUCLEUS_H_OD) {
      nuclear[i] = 1;
      nuclearPixels++;
    }
    if (i % stride !== 0) continue;
    if (isTissue) {
      into.allH.push(od.h[i] as number);
      into.allE.push(od.e[i] as number);
    }
    if (isFiber) {
      into.fiberH.push(od.h[i] as number);
      into.fiberE.push(od.e[i] as number);
    } else if (isTissue && labels !== null) {
      into.tissueH.push(od.h[i] as number);
      into.tissueE.push(od.e[i] as number);
    }
  }
  into.tissueAreaUm2 += tissuePixels * pixelAreaUm2;
  into.nuclearAreaUm2 += nuclearPixels * pixelAreaUm2;
  const minNucleusPixels = MIN_NUCLEUS_AREA_UM2 / pixelAreaUm2;
  into.nucleusCount += componentAreas(nuclear, width, height).filter(
    (area) => area >= minNucleusPixels,
  ).length;

  if (labels === null) return;
  measureFibers(labels, nuclear, width, height, mpp, into);
}

function measureFibers(
  labels: ArrayLike<number>,
  nuclear: Uint8Array,
  width: number,
  height: number,
  mpp: number,
  into: HeMeasurements,
): void {
  let maxLabel = 0;
  for (let i = 0; i < labels.length; i++) maxLabel = Math.max(maxLabel, labels[i] as number);
  const area = new Float64Array(maxLabel + 1);
  const sumX = new Float64Array(maxLabel + 1);
  const sumY = new Float64Array(maxLabel + 1);
  const touchesBorder = new Uint8Array(maxLabel + 1);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const label = labels[i] as number;
      if (label === 0) continue;
      area[label] = (area[label] as number) + 1;
      sumX[label] = (sumX[label] as number) + x;
      sumY[label] = (sumY[label] as number) + y;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) touchesBorder[label] = 1;
    }
  }
  // A fiber has a central nucleus when ≥ MIN_NUCLEUS_AREA_UM2 / 2 of nuclear
  // pixels lie within half its equivalent radius of its centroid.
  const centralPixels = new Float64Array(maxLabel + 1);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const label = labels[i] as number;
      if (label === 0 || !nuclear[i] || touchesBorder[label]) continue;
      const a = area[label] as number;
      const dx = x - (sumX[label] as number) / a;
      const dy = y - (sumY[label] as number) / a;
      const radius = Math.sqrt(a / Math.PI);
      if (dx * dx + dy * dy <= 0.25 * radius * radius) {
        centralPixels[label] = (centralPixels[label] as number) + 1;
      }
    }
  }
  const minCentralPixels = MIN_NUCLEUS_AREA_UM2 / 2 / (mpp * mpp);
  for (let label = 1; label <= maxLabel; label++) {
    const a = area[label] as number;
    if (a === 0 || touchesBorder[label]) continue;
    into.fiberDiametersUm.push(2 * Math.sqrt(a / Math.PI) * mpp);
    into.fibersMeasured++;
    if ((centralPixels[label] as number) >= minCentralPixels) into.fibersWithCentralNucleus++;
  }
}
