/**
 * @module geometry/label-runs
 * Run-length form of the labels of an instance label image: per label, its
 * horizontal runs `(y, x0, x1)` (x1 exclusive) in raster order. It is what the
 * strip-wise fiber measurer keeps instead of pixels (12 bytes per run), and it
 * is enough to trace outlines (`inside` below) and to split a label into its
 * 8-connected pieces.
 */
import type { LabelPixels } from "../features/fiber-features.ts";
import type { InsidePredicate } from "./trace-wand-outline.ts";

export interface LabelRuns {
  label: number;
  /** Triples (y, x0, x1), x1 exclusive, in raster order; only the first `size` entries are used. */
  runs: Int32Array;
  /** Used length of `runs` (3 × run count). */
  size: number;
}

export interface CollectLabelRunsOptions {
  width: number;
  /** Image row of the first row of `labels`. */
  y0: number;
  /** Label value that is not an object. */
  background: number;
  /** Runs are appended here, one entry per label, created on first sight. */
  into: Map<number, LabelRuns>;
  /** Called for each run with its label's entry and its pixel span in `labels`. */
  onRun?: (entry: LabelRuns, start: number, end: number) => void;
}

/** Appends the runs of rows `y0 …` (a `width × rows` strip) to `options.into`. */
export function collectLabelRuns(labels: LabelPixels, options: CollectLabelRunsOptions): void {
  const { width, y0, background, into, onRun } = options;
  const rows = labels.length / width;
  let last: LabelRuns | undefined;
  for (let r = 0; r < rows; r++) {
    const y = y0 + r;
    const rowEnd = (r + 1) * width;
    let i = r * width;
    while (i < rowEnd) {
      const value = labels[i] as number;
      let end = i + 1;
      while (end < rowEnd && labels[end] === value) end++;
      if (value !== background) {
        let entry = last !== undefined && last.label === value ? last : into.get(value);
        if (entry === undefined) {
          entry = { label: value, runs: new Int32Array(48), size: 0 };
          into.set(value, entry);
        }
        last = entry;
        if (entry.size + 3 > entry.runs.length) {
          const grown = new Int32Array(entry.runs.length * 2);
          grown.set(entry.runs);
          entry.runs = grown;
        }
        entry.runs[entry.size++] = y;
        entry.runs[entry.size++] = i - r * width;
        entry.runs[entry.size++] = end - r * width;
        onRun?.(entry, i, end);
      }
      i = end;
    }
  }
}

export interface LabelRunIndex {
  /** Bounding box, inclusive. */
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  /** Run numbers of row minY + r are rowStart[r] … rowStart[r + 1] − 1. */
  rowStart: Int32Array;
  /** Whether pixel (x, y) belongs to the label. */
  inside: InsidePredicate;
}

/** Bounding box and per-row lookup of one label's runs. */
export function indexLabelRuns(entry: LabelRuns): LabelRunIndex {
  const { runs, size } = entry;
  const minY = runs[0] as number;
  const maxY = runs[size - 3] as number;
  const boxHeight = maxY - minY + 1;
  const rowStart = new Int32Array(boxHeight + 1);
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < size; i += 3) {
    const x0 = runs[i + 1] as number;
    const x1 = runs[i + 2] as number;
    if (x0 < minX) minX = x0;
    if (x1 - 1 > maxX) maxX = x1 - 1;
    rowStart[(runs[i] as number) - minY + 1] = i / 3 + 1;
  }
  // Rows without runs (a label in pieces) start where the previous row ended.
  for (let r = 1; r <= boxHeight; r++) {
    if ((rowStart[r] as number) < (rowStart[r - 1] as number))
      rowStart[r] = rowStart[r - 1] as number;
  }
  const inside = (x: number, y: number): boolean => {
    const r = y - minY;
    if (r < 0 || r >= boxHeight) return false;
    for (let k = rowStart[r] as number; k < (rowStart[r + 1] as number); k++) {
      if (x < (runs[3 * k + 1] as number)) return false;
      if (x < (runs[3 * k + 2] as number)) return true;
    }
    return false;
  };
  return { minX, maxX, minY, maxY, rowStart, inside };
}

export interface LabelPiece {
  /** Run number of the piece's first run in raster order (its first pixel starts it). */
  firstRun: number;
  pixelCount: number;
}

/**
 * Splits a label into its 8-connected pieces, in raster order of their first
 * pixels. Union-find over runs: runs in adjacent rows touch when their column
 * spans overlap or meet diagonally.
 */
export function findLabelPieces(entry: LabelRuns, index: LabelRunIndex): LabelPiece[] {
  const { runs, size } = entry;
  const runCount = size / 3;
  if (runCount === 1)
    return [{ firstRun: 0, pixelCount: (runs[2] as number) - (runs[1] as number) }];
  const parent = new Int32Array(runCount);
  for (let i = 0; i < runCount; i++) parent[i] = i;
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) {
      const grand = parent[parent[r] as number] as number;
      parent[r] = grand;
      r = grand;
    }
    return r;
  };
  const { rowStart } = index;
  const boxHeight = rowStart.length - 1;
  for (let r = 1; r < boxHeight; r++) {
    let p = rowStart[r - 1] as number;
    const pEnd = rowStart[r] as number;
    for (let k = rowStart[r] as number; k < (rowStart[r + 1] as number); k++) {
      const b0 = runs[3 * k + 1] as number;
      const b1 = runs[3 * k + 2] as number;
      while (p < pEnd && (runs[3 * p + 2] as number) < b0) p++;
      for (let q = p; q < pEnd && (runs[3 * q + 1] as number) <= b1; q++) {
        const a = find(k);
        const b = find(q);
        // The earlier run becomes the root, so roots are the pieces' first runs.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const pieces = new Map<number, LabelPiece>();
  for (let i = 0; i < runCount; i++) {
    const root = find(i);
    const length = (runs[3 * i + 2] as number) - (runs[3 * i + 1] as number);
    const piece = pieces.get(root);
    if (piece) piece.pixelCount += length;
    else pieces.set(root, { firstRun: root, pixelCount: length });
  }
  return [...pieces.values()];
}
