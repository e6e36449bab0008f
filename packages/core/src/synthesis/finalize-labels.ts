/**
 * @module synthesis/finalize-labels
 *
 * Turns the per-pixel seed ownership into exact ground truth: each seed keeps only its largest
 * 4-connected piece (warping can split a cell), the rest becomes connective tissue; pieces below
 * `minArea` are dropped; survivors are numbered 1..n in raster order of first appearance.
 */
import { REGION_CONNECTIVE } from "./render-layout.ts";

/** Result of {@link finalizeLabels}. */
export interface FinalLabels {
  labels: Uint16Array;
  count: number;
  /** Seed index of label l at [l] (index 0 unused). */
  labelSeed: Int32Array;
  area: Float64Array;
  centroidX: Float64Array;
  centroidY: Float64Array;
  /** 1 if label l touches the image border. */
  touchesEdge: Uint8Array;
}

/**
 * Labels fiber pixels (`owner[i] >= 0`). Mutates `owner` and `region` for removed pieces.
 * @param minArea smallest kept fiber piece in pixels
 */
export function finalizeLabels(
  owner: Int32Array,
  region: Uint8Array,
  width: number,
  height: number,
  seedCount: number,
  minArea: number,
): FinalLabels {
  const n = width * height;
  // Runs of equal owner per row, unioned with overlapping runs of the row above (4-connected).
  let cap = 1 << 16;
  let runStart = new Int32Array(cap);
  let runEnd = new Int32Array(cap);
  let runOwner = new Int32Array(cap);
  let parent = new Int32Array(cap);
  const rowFirst = new Int32Array(height + 1);
  let runs = 0;
  const find = (r: number): number => {
    let root = r;
    while ((parent[root] ?? root) !== root) root = parent[root] ?? root;
    while ((parent[r] ?? r) !== root) {
      const next = parent[r] ?? r;
      parent[r] = root;
      r = next;
    }
    return root;
  };
  for (let y = 0; y < height; y++) {
    rowFirst[y] = runs;
    const row = y * width;
    let x = 0;
    while (x < width) {
      const o = owner[row + x] ?? -1;
      if (o < 0) {
        x++;
        continue;
      }
      const x0 = x;
      while (x + 1 < width && owner[row + x + 1] === o) x++;
      if (runs === cap) {
        cap *= 2;
        runStart = grow(runStart, cap);
        runEnd = grow(runEnd, cap);
        runOwner = grow(runOwner, cap);
        parent = grow(parent, cap);
      }
      runStart[runs] = x0;
      runEnd[runs] = x;
      runOwner[runs] = o;
      parent[runs] = runs;
      runs++;
      x++;
    }
  }
  rowFirst[height] = runs;
  for (let y = 1; y < height; y++) {
    let a = rowFirst[y - 1] ?? 0;
    const aEnd = rowFirst[y] ?? 0;
    for (let b = rowFirst[y] ?? 0; b < (rowFirst[y + 1] ?? 0); b++) {
      const bs = runStart[b] ?? 0;
      const be = runEnd[b] ?? 0;
      while (a < aEnd && (runEnd[a] ?? 0) < bs) a++;
      for (let k = a; k < aEnd && (runStart[k] ?? 0) <= be; k++) {
        if (runOwner[k] !== runOwner[b]) continue;
        const ra = find(k);
        const rb = find(b);
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
  }
  // Component sizes at the roots; the largest component per seed (ties: the earlier root).
  const size = new Int32Array(runs);
  for (let r = 0; r < runs; r++) {
    const root = find(r);
    size[root] = (size[root] ?? 0) + (runEnd[r] ?? 0) - (runStart[r] ?? 0) + 1;
  }
  const bestRoot = new Int32Array(seedCount).fill(-1);
  const bestSize = new Int32Array(seedCount);
  for (let r = 0; r < runs; r++) {
    if (parent[r] !== r) continue;
    const o = runOwner[r] ?? 0;
    if ((size[r] ?? 0) > (bestSize[o] ?? 0)) {
      bestSize[o] = size[r] ?? 0;
      bestRoot[o] = r;
    }
  }
  const labelOfSeed = new Int32Array(seedCount);
  const labels = new Uint16Array(n);
  const seedOfLabel: number[] = [0];
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let r = rowFirst[y] ?? 0; r < (rowFirst[y + 1] ?? 0); r++) {
      const o = runOwner[r] ?? 0;
      const x0 = row + (runStart[r] ?? 0);
      const x1 = row + (runEnd[r] ?? 0);
      if (parent[r] !== bestRoot[o] || (bestSize[o] ?? 0) < minArea) {
        for (let i = x0; i <= x1; i++) {
          owner[i] = -1;
          region[i] = REGION_CONNECTIVE;
        }
        continue;
      }
      let l = labelOfSeed[o] ?? 0;
      if (l === 0) {
        l = seedOfLabel.length;
        labelOfSeed[o] = l;
        seedOfLabel.push(o);
      }
      labels.fill(l, x0, x1 + 1);
    }
  }
  const count = seedOfLabel.length - 1;
  const area = new Float64Array(count + 1);
  const centroidX = new Float64Array(count + 1);
  const centroidY = new Float64Array(count + 1);
  const touchesEdge = new Uint8Array(count + 1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const l = labels[y * width + x] ?? 0;
      if (l === 0) continue;
      area[l] = (area[l] ?? 0) + 1;
      centroidX[l] = (centroidX[l] ?? 0) + x + 0.5;
      centroidY[l] = (centroidY[l] ?? 0) + y + 0.5;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) touchesEdge[l] = 1;
    }
  }
  for (let l = 1; l <= count; l++) {
    centroidX[l] = (centroidX[l] ?? 0) / (area[l] ?? 1);
    centroidY[l] = (centroidY[l] ?? 0) / (area[l] ?? 1);
  }
  return {
    labels,
    count,
    labelSeed: Int32Array.from(seedOfLabel),
    area,
    centroidX,
    centroidY,
    touchesEdge,
  };
}

function grow(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
