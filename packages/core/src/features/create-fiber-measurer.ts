/**
 * @module features/create-fiber-measurer
 * Per-fiber measurement of a label image consumed in horizontal strips, so that
 * whole sections never have to be held in memory.
 *
 * Each strip is reduced to horizontal runs (row, x0, x1) per label. Runs are
 * all that is kept: memory is 12 bytes per run, i.e. about 12 bytes × the sum
 * of the fibers' heights for compact fibers (a few MB for hundreds of fibers on
 * a 185-MP section), independent of the image size. At `finish()` each label's
 * runs give its pixel count, moments and bounding box in closed form; the wand
 * outline of each 8-connected piece is traced on the runs themselves (no
 * bitmap) for the perimeter, and the convex hull (hence Feret, MinFeret and
 * solidity) comes from the runs' row ends, in O(rows) without sorting.
 *
 * Measured (2 shared cores, loaded machine): 67 MP with 28,900 fibers in 2–5 s;
 * the NCL-SM S11 mask (185 MP, 489 fibers) scanned in ~2 s.
 */
import { convexHullOfSorted } from "../geometry/convex-hull.ts";
import { feretDiameters } from "../geometry/feret-diameters.ts";
import {
  collectLabelRuns,
  findLabelPieces,
  indexLabelRuns,
  type LabelRunIndex,
  type LabelRuns,
} from "../geometry/label-runs.ts";
import { polygonArea } from "../geometry/polygon-area.ts";
import { traceWandOutline } from "../geometry/trace-wand-outline.ts";
import { tracedPerimeter } from "../geometry/traced-perimeter.ts";
import type { FiberFeatures, LabelPixels } from "./fiber-features.ts";
import { fitEllipse } from "./fit-ellipse.ts";
import { createOpticalDensityTable, createStainDeconvolution } from "./stain-deconvolution.ts";

export interface FiberMeasurerOptions {
  /** Image width in pixels. */
  width: number;
  /** Image height in pixels (the strips must cover rows 0…height−1 in order). */
  height: number;
  /** Pixel size along x in µm/px (`--mpp`). */
  mpp: number;
  /**
   * Pixel size along y in µm/px, for anisotropic calibrations (ImageJ's pixelHeight).
   * @default mpp
   */
  mppY?: number;
  /**
   * Label value that is not a fiber.
   * @default 0
   */
  background?: number;
  /**
   * Also return each fiber's outline polygon (`FiberFeatures.contour`).
   * @default false
   */
  withContours?: boolean;
}

/** Rows y0 … y0 + rows − 1 of the label image (and optionally of the RGB image). */
export interface FiberStrip {
  /** `width × rows` labels, row-major. */
  labels: LabelPixels;
  /** First row of the strip; strips must arrive in order without gaps. */
  y0: number;
  /** Matching interleaved 8-bit RGB(A) pixels, for mean H and E optical density. */
  rgb?: Uint8Array | Uint8ClampedArray;
  /**
   * Channels per pixel of `rgb` (3 or 4; the 4th is ignored).
   * @default 3
   */
  rgbChannels?: number;
}

export interface FiberMeasurer {
  /** Consumes the next strip. */
  addStrip(strip: FiberStrip): void;
  /** Rows consumed so far. */
  readonly rowsDone: number;
  /** Computes the features, sorted by label. Throws unless every row was consumed. */
  finish(): FiberFeatures[];
}

function largestByArea(outlines: Int32Array[]): Int32Array {
  let best = outlines[0] as Int32Array;
  let bestArea = polygonArea(best);
  for (let i = 1; i < outlines.length; i++) {
    const area = polygonArea(outlines[i] as Int32Array);
    if (area > bestArea) {
      best = outlines[i] as Int32Array;
      bestArea = area;
    }
  }
  return best;
}

/**
 * The leftmost and rightmost pixel corners on each horizontal grid line of a
 * label, top to bottom: already sorted by y then x, and with the same convex
 * hull as all the label's pixel corners (hence as its outlines).
 */
function rowEndCorners(entry: LabelRuns, index: LabelRunIndex): Float64Array {
  const { runs } = entry;
  const { minY, maxY, rowStart } = index;
  const lines = maxY - minY + 2;
  const left = new Float64Array(lines).fill(Number.POSITIVE_INFINITY);
  const right = new Float64Array(lines).fill(Number.NEGATIVE_INFINITY);
  for (let r = 0; r < lines - 1; r++) {
    const first = rowStart[r] as number;
    const last = (rowStart[r + 1] as number) - 1;
    if (last < first) continue;
    const x0 = runs[3 * first + 1] as number;
    const x1 = runs[3 * last + 2] as number;
    // Row r's pixels have corners on grid lines r (top) and r + 1 (bottom).
    if (x0 < (left[r] as number)) left[r] = x0;
    if (x1 > (right[r] as number)) right[r] = x1;
    left[r + 1] = x0;
    right[r + 1] = x1;
  }
  const points = new Float64Array(4 * lines);
  let n = 0;
  for (let line = 0; line < lines; line++) {
    if (!Number.isFinite(left[line] as number)) continue;
    points[n++] = left[line] as number;
    points[n++] = minY + line;
    points[n++] = right[line] as number;
    points[n++] = minY + line;
  }
  return points.subarray(0, n);
}

function validatePositive(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

/** Starts a strip-wise measurement; see the module comment for the memory bound. */
export function createFiberMeasurer(options: FiberMeasurerOptions): FiberMeasurer {
  const { width, height, background = 0, withContours = false } = options;
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`width must be a positive integer, got ${width}`);
  }
  if (!Number.isInteger(height) || height < 1) {
    throw new RangeError(`height must be a positive integer, got ${height}`);
  }
  const pw = validatePositive("mpp", options.mpp);
  const ph = validatePositive("mppY", options.mppY ?? options.mpp);

  const runsByLabel = new Map<number, LabelRuns>();
  /** Σ haematoxylin OD and Σ eosin OD per label, when RGB is given. */
  const odSums = new Map<LabelRuns, Float64Array>();
  let rowsDone = 0;
  let hasRgb: boolean | undefined;
  const odTable = createOpticalDensityTable();
  const q = createStainDeconvolution();

  function addStrip(strip: FiberStrip): void {
    const { labels, y0, rgb } = strip;
    if (y0 !== rowsDone) {
      throw new RangeError(`strip.y0 must be ${rowsDone} (the next row), got ${y0}`);
    }
    if (labels.length % width !== 0) {
      throw new RangeError(
        `strip.labels.length must be a multiple of width ${width}, got ${labels.length}`,
      );
    }
    const rows = labels.length / width;
    if (y0 + rows > height) {
      throw new RangeError(`strip rows ${y0}..${y0 + rows - 1} exceed the image height ${height}`);
    }
    const channels = strip.rgbChannels ?? 3;
    if (rgb) {
      if (channels !== 3 && channels !== 4) {
        throw new RangeError(`strip.rgbChannels must be 3 or 4, got ${channels}`);
      }
      if (rgb.length !== labels.length * channels) {
        throw new RangeError(
          `strip.rgb.length must be ${labels.length * channels}, got ${rgb.length}`,
        );
      }
    }
    if (hasRgb === undefined) hasRgb = rgb !== undefined;
    else if (hasRgb !== (rgb !== undefined)) {
      throw new RangeError("strip.rgb must be given for every strip or for none");
    }

    const [qH0, qH1, qH2, qE0, qE1, qE2] = q as unknown as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const onRun = rgb
      ? (entry: LabelRuns, start: number, end: number) => {
          let sums = odSums.get(entry);
          if (!sums) {
            sums = new Float64Array(2);
            odSums.set(entry, sums);
          }
          for (let i = start; i < end; i++) {
            const base = i * channels;
            const odR = odTable[rgb[base] as number] as number;
            const odG = odTable[rgb[base + 1] as number] as number;
            const odB = odTable[rgb[base + 2] as number] as number;
            sums[0] = (sums[0] as number) + qH0 * odR + qH1 * odG + qH2 * odB;
            sums[1] = (sums[1] as number) + qE0 * odR + qE1 * odG + qE2 * odB;
          }
        }
      : undefined;
    collectLabelRuns(labels, { width, y0, background, into: runsByLabel, onRun });
    rowsDone += rows;
  }

  function finish(): FiberFeatures[] {
    if (rowsDone !== height) {
      throw new RangeError(`finish() needs all ${height} rows, got ${rowsDone}`);
    }
    const labelsSorted = [...runsByLabel.keys()].sort((a, b) => a - b);
    return labelsSorted.map((label) => measureLabel(runsByLabel.get(label) as LabelRuns));
  }

  function measureLabel(entry: LabelRuns): FiberFeatures {
    const { runs, size } = entry;
    const index = indexLabelRuns(entry);
    const { minX, maxX, minY, maxY } = index;

    // Moments relative to the bounding box, as ImageJ sums them over its mask.
    let count = 0;
    let sumX = 0;
    let sumY = 0;
    let sumXX = 0;
    let sumYY = 0;
    let sumXY = 0;
    const squares = (k: number) => (k * (k + 1) * (2 * k + 1)) / 6;
    for (let i = 0; i < size; i += 3) {
      const ry = (runs[i] as number) - minY;
      const a = (runs[i + 1] as number) - minX;
      const b = (runs[i + 2] as number) - minX;
      const length = b - a;
      const rowSumX = (length * (a + b - 1)) / 2;
      count += length;
      sumX += rowSumX;
      sumXX += squares(b - 1) - squares(a - 1);
      sumY += length * ry;
      sumYY += length * ry * ry;
      sumXY += rowSumX * ry;
    }

    // One wand outline per 8-connected piece; a label in several pieces is
    // measured as Fiji measures its "Create Selection" composite ROI: perimeters
    // summed, hull and Feret over all pieces.
    const outlines = findLabelPieces(entry, index).map(({ firstRun }) =>
      traceWandOutline(index.inside, {
        x: runs[3 * firstRun + 1] as number,
        y: runs[3 * firstRun] as number,
      }),
    );
    let perimeterUm = 0;
    for (const outline of outlines) {
      perimeterUm += tracedPerimeter(outline, { pixelWidth: pw, pixelHeight: ph });
    }
    const hull = convexHullOfSorted(rowEndCorners(entry, index));
    const feret = feretDiameters(hull, { pixelWidth: pw, pixelHeight: ph });
    const ellipse = fitEllipse({ count, sumX, sumY, sumXX, sumYY, sumXY });
    // ImageJ calibrates the ellipse only for square-ish pixels (within 1 %);
    // otherwise it reports 0, where the geometric mean is used here.
    const axisScale = Math.abs(pw - ph) / pw < 0.01 ? pw : Math.sqrt(pw * ph);
    const majorUm = ellipse.major * axisScale;
    const minorUm = ellipse.minor * axisScale;

    const areaUm2 = count * pw * ph;
    const circularity =
      perimeterUm === 0 ? 0 : Math.min(1, (4 * Math.PI * areaUm2) / (perimeterUm * perimeterUm));
    const features: FiberFeatures = {
      label: entry.label,
      areaPx: count,
      areaUm2,
      perimeterUm,
      circularity,
      feretUm: feret.feret,
      minFeretUm: feret.minFeret,
      feretAngle: feret.feretAngle,
      feretX: feret.feretX1,
      feretY: feret.feretY1,
      majorUm,
      minorUm,
      aspectRatio: ellipse.major / ellipse.minor,
      roundness: (4 * areaUm2) / (Math.PI * majorUm * majorUm),
      solidity: count / polygonArea(hull),
      equivalentDiameterUm: 2 * Math.sqrt(areaUm2 / Math.PI),
      centroidX: minX + sumX / count + 0.5,
      centroidY: minY + sumY / count + 0.5,
      bbox: { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 },
      touchesEdge: minX === 0 || minY === 0 || maxX === width - 1 || maxY === height - 1,
    };
    if (withContours) features.contour = largestByArea(outlines);
    const sums = odSums.get(entry);
    if (hasRgb && sums) {
      features.meanHematoxylinOd = (sums[0] as number) / count;
      features.meanEosinOd = (sums[1] as number) / count;
    }
    return features;
  }

  return {
    addStrip,
    get rowsDone() {
      return rowsDone;
    },
    finish,
  };
}
