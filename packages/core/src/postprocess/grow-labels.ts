/**
 * @module postprocess/grow-labels
 * Constrained growth of instance labels: each step, an unlabelled pixel that
 * is allowed and whose labelled 8-neighbours all carry the same label takes
 * that label. Pixels reached by two labels in the same step stay unlabelled,
 * so touching fibers stay apart by a one-pixel line instead of one eating the
 * other.
 */
import { assertImageSize, type ImageSize } from "../morphology/image-size.ts";

export interface GrowLabelsOptions extends ImageSize {
  /** Pixels that may be claimed (`allowed[i] !== 0`). */
  allowed: Uint8Array;
  /** Number of one-pixel growth steps. */
  iterations: number;
}

/** Folds one neighbour's label into the running result (0 none yet, -1 conflict). */
function mergeLabel(found: number, label: number): number {
  if (label === 0 || label === found) return found;
  return found === 0 ? label : -1;
}

/**
 * The single label among the labelled 8-neighbours of pixel (x, y), 0 when
 * there is none, -1 when there are two different ones.
 */
function neighbourLabel(
  labels: Int32Array,
  x: number,
  y: number,
  width: number,
  height: number,
): number {
  const i = y * width + x;
  if (x > 0 && x < width - 1 && y > 0 && y < height - 1) {
    const up = i - width;
    const down = i + width;
    let found = mergeLabel(0, labels[up - 1] as number);
    found = mergeLabel(found, labels[up] as number);
    found = mergeLabel(found, labels[up + 1] as number);
    if (found < 0) return -1;
    found = mergeLabel(found, labels[i - 1] as number);
    found = mergeLabel(found, labels[i + 1] as number);
    if (found < 0) return -1;
    found = mergeLabel(found, labels[down - 1] as number);
    found = mergeLabel(found, labels[down] as number);
    return found < 0 ? -1 : mergeLabel(found, labels[down + 1] as number);
  }
  let found = 0;
  for (let dy = -1; dy <= 1; dy++) {
    const ny = y + dy;
    if (ny < 0 || ny >= height) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const nx = x + dx;
      if (nx < 0 || nx >= width || (dx === 0 && dy === 0)) continue;
      found = mergeLabel(found, labels[ny * width + nx] as number);
      if (found < 0) return -1;
    }
  }
  return found;
}

function growInt32(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** Marks a pixel queued for the next step inside `grown` itself, so no extra image is needed. */
const QUEUED = -2;

/** Returns a grown copy of `labels` (0 = background). */
export function growLabels(labels: Int32Array, options: GrowLabelsOptions): Int32Array {
  assertImageSize(labels.length, options, "labels");
  const { width, height, allowed, iterations } = options;
  assertImageSize(allowed.length, options, "allowed");
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new RangeError(`iterations must be a non-negative integer, got ${String(iterations)}`);
  }
  const grown = labels.slice();
  if (iterations === 0) return grown;
  // Claims of one step are collected first, so growth is exactly one pixel per step.
  let claimedAt = new Int32Array(1024);
  let claimedLabel = new Int32Array(1024);
  let claimed = 0;
  const claim = (i: number, label: number) => {
    if (claimed === claimedAt.length) {
      claimedAt = growInt32(claimedAt);
      claimedLabel = growInt32(claimedLabel);
    }
    claimedAt[claimed] = i;
    claimedLabel[claimed] = label;
    claimed++;
  };
  // Step 1 looks at every pixel. Later steps only at the pixels next to the previous step's
  // claims: any other pixel sees the same neighbours as before, so its answer (none, or a
  // conflict, which never resolves) cannot have changed.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      if (grown[i] !== 0 || allowed[i] === 0) continue;
      const label = neighbourLabel(grown, x, y, width, height);
      if (label > 0) claim(i, label);
    }
  }
  let frontier = new Int32Array(1024);
  for (let step = 1; claimed > 0; step++) {
    for (let k = 0; k < claimed; k++) grown[claimedAt[k] as number] = claimedLabel[k] as number;
    if (step === iterations) break;
    let queued = 0;
    for (let k = 0; k < claimed; k++) {
      const i = claimedAt[k] as number;
      const x = i % width;
      const y = (i - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (grown[j] !== 0 || allowed[j] === 0) continue;
          grown[j] = QUEUED;
          if (queued === frontier.length) frontier = growInt32(frontier);
          frontier[queued++] = j;
        }
      }
    }
    for (let k = 0; k < queued; k++) grown[frontier[k] as number] = 0;
    claimed = 0;
    for (let k = 0; k < queued; k++) {
      const i = frontier[k] as number;
      const x = i % width;
      const label = neighbourLabel(grown, x, (i - x) / width, width, height);
      if (label > 0) claim(i, label);
    }
  }
  return grown;
}
