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
  // Negative values mark unlabelled pixels already decided in this step (see `growLabels`).
  if (label <= 0 || label === found) return found;
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
    // Written out (the hot path of step 1): the first label found, then any other is a conflict.
    const up = i - width;
    const down = i + width;
    let found = 0;
    let label = labels[up - 1] as number;
    if (label > 0) found = label;
    label = labels[up] as number;
    if (label > 0 && label !== found) {
      if (found !== 0) return -1;
      found = label;
    }
    label = labels[up + 1] as number;
    if (label > 0 && label !== found) {
      if (found !== 0) return -1;
      found = label;
    }
    label = labels[i - 1] as number;
    if (label > 0 && label !== found) {
      if (found !== 0) return -1;
      found = label;
    }
    label = labels[i + 1] as number;
    if (label > 0 && label !== found) {
      if (found !== 0) return -1;
      found = label;
    }
    label = labels[down - 1] as number;
    if (label > 0 && label !== found) {
      if (found !== 0) return -1;
      found = label;
    }
    label = labels[down] as number;
    if (label > 0 && label !== found) {
      if (found !== 0) return -1;
      found = label;
    }
    label = labels[down + 1] as number;
    if (label > 0 && label !== found) {
      if (found !== 0) return -1;
      found = label;
    }
    return found;
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

/** An unlabelled pixel that two labels reached at once: it never takes a label. */
const CONFLICT = -1;
/** A pixel reached in the current step by `label` holds `PENDING - label` until the step ends. */
const PENDING = -2;

/** Pixels with their coordinates (dividing by the width for them costs more than storing them). */
interface PixelList {
  at: Int32Array;
  x: Int32Array;
  y: Int32Array;
  count: number;
}

function createPixelList(): PixelList {
  return { at: new Int32Array(1024), x: new Int32Array(1024), y: new Int32Array(1024), count: 0 };
}

function addPixel(list: PixelList, i: number, x: number, y: number): void {
  if (list.count === list.at.length) {
    list.at = growInt32(list.at);
    list.x = growInt32(list.x);
    list.y = growInt32(list.y);
  }
  list.at[list.count] = i;
  list.x[list.count] = x;
  list.y[list.count] = y;
  list.count++;
}

/** Pixel (x, y) = `j` is reached by a label whose pending value is `pending`. */
function reach(
  grown: Int32Array,
  allowed: Uint8Array,
  j: number,
  x: number,
  y: number,
  pending: number,
  next: PixelList,
): void {
  const value = grown[j] as number;
  if (value === 0) {
    if (allowed[j] === 0) return;
    grown[j] = pending;
    addPixel(next, j, x, y);
  } else if (value < CONFLICT && value !== pending) {
    grown[j] = CONFLICT;
  }
}

/**
 * Grows the labels of `grown` (0 = background, labels > 0) in place.
 *
 * Step 1 looks at every pixel. After it, an unlabelled pixel that is neither
 * claimed nor in conflict has no labelled neighbour but those claimed in the
 * previous step (any older one would have decided it already), so later steps
 * only spread the previous step's claims to their neighbours: a pixel reached
 * by one label takes it, by two it is in conflict for good (labels are only
 * ever added).
 */
function growInPlace(
  grown: Int32Array,
  allowed: Uint8Array,
  width: number,
  height: number,
  iterations: number,
  workspace: Workspace,
): void {
  // Claims of a step stay pending (negative, read as unlabelled) until the step ends, so
  // growth is exactly one pixel per step.
  let { claims, next, conflicts } = workspace;
  claims.count = 0;
  let conflictCount = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      if (grown[i] !== 0 || allowed[i] === 0) continue;
      const label = neighbourLabel(grown, x, y, width, height);
      if (label > 0) {
        grown[i] = PENDING - label;
        addPixel(claims, i, x, y);
      } else if (label < 0) {
        grown[i] = CONFLICT;
        if (conflictCount === conflicts.length) conflicts = growInt32(conflicts);
        conflicts[conflictCount++] = i;
      }
    }
  }
  for (let k = 0; k < claims.count; k++) {
    const i = claims.at[k] as number;
    grown[i] = PENDING - (grown[i] as number);
  }
  for (let step = 2; step <= iterations && claims.count > 0; step++) {
    const { at, x: xs, y: ys, count } = claims;
    next.count = 0;
    for (let k = 0; k < count; k++) {
      const c = at[k] as number;
      const x = xs[k] as number;
      const y = ys[k] as number;
      const pending = PENDING - (grown[c] as number);
      if (x > 0 && x < width - 1 && y > 0 && y < height - 1) {
        const up = c - width;
        const down = c + width;
        reach(grown, allowed, up - 1, x - 1, y - 1, pending, next);
        reach(grown, allowed, up, x, y - 1, pending, next);
        reach(grown, allowed, up + 1, x + 1, y - 1, pending, next);
        reach(grown, allowed, c - 1, x - 1, y, pending, next);
        reach(grown, allowed, c + 1, x + 1, y, pending, next);
        reach(grown, allowed, down - 1, x - 1, y + 1, pending, next);
        reach(grown, allowed, down, x, y + 1, pending, next);
        reach(grown, allowed, down + 1, x + 1, y + 1, pending, next);
        continue;
      }
      for (let ny = Math.max(y - 1, 0); ny <= Math.min(y + 1, height - 1); ny++) {
        for (let nx = Math.max(x - 1, 0); nx <= Math.min(x + 1, width - 1); nx++) {
          if (nx !== x || ny !== y) reach(grown, allowed, ny * width + nx, nx, ny, pending, next);
        }
      }
    }
    let kept = 0;
    for (let k = 0; k < next.count; k++) {
      const i = next.at[k] as number;
      const value = grown[i] as number;
      if (value === CONFLICT) {
        if (conflictCount === conflicts.length) conflicts = growInt32(conflicts);
        conflicts[conflictCount++] = i;
        continue;
      }
      grown[i] = PENDING - value;
      next.at[kept] = i;
      next.x[kept] = next.x[k] as number;
      next.y[kept] = next.y[k] as number;
      kept++;
    }
    next.count = kept;
    [claims, next] = [next, claims];
  }
  for (let k = 0; k < conflictCount; k++) grown[conflicts[k] as number] = 0;
  workspace.claims = claims;
  workspace.next = next;
  workspace.conflicts = conflicts;
}

/** Lists reused from band to band. */
interface Workspace {
  claims: PixelList;
  next: PixelList;
  conflicts: Int32Array;
}

/**
 * Rows per band. A pixel's result depends only on the pixels within `iterations`
 * of it, so bands grown separately with that many extra rows above and below
 * give the whole image's result, and a band's few megabytes stay in cache where
 * the whole image's hundreds do not.
 */
const BAND_ROWS = 64;

/** Returns a grown copy of `labels` (0 = background, labels > 0). */
export function growLabels(labels: Int32Array, options: GrowLabelsOptions): Int32Array {
  assertImageSize(labels.length, options, "labels");
  const { width, height, allowed, iterations } = options;
  assertImageSize(allowed.length, options, "allowed");
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new RangeError(`iterations must be a non-negative integer, got ${String(iterations)}`);
  }
  const workspace: Workspace = {
    claims: createPixelList(),
    next: createPixelList(),
    conflicts: new Int32Array(1024),
  };
  if (iterations === 0 || height <= BAND_ROWS + 2 * iterations) {
    const grown = labels.slice();
    if (iterations > 0) growInPlace(grown, allowed, width, height, iterations, workspace);
    return grown;
  }
  const out = new Int32Array(labels.length);
  const band = new Int32Array((BAND_ROWS + 2 * iterations) * width);
  for (let top = 0; top < height; top += BAND_ROWS) {
    const bottom = Math.min(top + BAND_ROWS, height);
    const from = Math.max(top - iterations, 0);
    const to = Math.min(bottom + iterations, height);
    const grown = band.subarray(0, (to - from) * width);
    grown.set(labels.subarray(from * width, to * width));
    const bandAllowed = allowed.subarray(from * width, to * width);
    growInPlace(grown, bandAllowed, width, to - from, iterations, workspace);
    out.set(grown.subarray((top - from) * width, (bottom - from) * width), top * width);
  }
  return out;
}
