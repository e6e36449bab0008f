/**
 * @module synthesis/render-layout
 *
 * Per-pixel kernel of the fiber geometry: a domain-warped power diagram of the fiber seeds,
 * evaluated with per-tile candidate lists (the seeds that can own, or border, any pixel of a
 * 16×16 tile), with gaps cut along each edge and corners rounded by a smooth minimum.
 *
 * Regions written: 0 empty slide, 1 connective tissue, 2 fiber, 3 torn/empty space in tissue.
 */
import { type CoarseField, createCoarseField, fbmNoise } from "./noise-textures.ts";
import { type FiberSeeds, lastEndomysiumGap, pairGap } from "./place-fiber-seeds.ts";

export const REGION_BACKGROUND = 0;
export const REGION_CONNECTIVE = 1;
export const REGION_FIBER = 2;
export const REGION_TORN = 3;

/** Buffers produced by {@link renderLayout}. */
export interface LayoutBuffers {
  /** Seed index owning the pixel if it is fiber, else -1. */
  owner: Int32Array;
  region: Uint8Array;
  /** Distance (px) to the fiber border, positive inside fibers, ≤ 0 outside. */
  edgeDist: Float32Array;
  /** 1 where the nearest fiber border is a tight (membrane-only) contact. */
  tight: Uint8Array;
}

/** Options of {@link renderLayout}. */
export interface RenderLayoutOptions {
  width: number;
  height: number;
  /** Warp amplitude (px). */
  warpAmplitude: number;
  /** Warp wavelength (px). */
  warpWavelength: number;
  /** Smooth-minimum radius (px) that rounds corners. */
  cornerRadius: number;
  /** Each fiber is also clipped (smoothly) to a disk of this many times its seed radius, which
   * rounds off the long tips of power-diagram cells; ≥ 2 disables it. */
  roundnessFactor: number;
  salt: number;
}

const TILE = 16;
const TILE_SHIFT = 4;
const WARP_STEP = 8;

/** Coarse displacement fields of the domain warp. */
export function createWarpFields(options: RenderLayoutOptions): {
  dx: CoarseField;
  dy: CoarseField;
} {
  const { width, height, warpAmplitude: a, warpWavelength: l, salt } = options;
  return {
    dx: createCoarseField(width, height, WARP_STEP, (x, y) => a * fbmNoise(x, y, l, salt + 31)),
    dy: createCoarseField(width, height, WARP_STEP, (x, y) => a * fbmNoise(x, y, l, salt + 37)),
  };
}

/** Renders the geometry into freshly allocated buffers. */
export function renderLayout(seeds: FiberSeeds, options: RenderLayoutOptions): LayoutBuffers {
  const { width, height, cornerRadius } = options;
  const n = width * height;
  const owner = new Int32Array(n);
  const region = new Uint8Array(n);
  const edgeDist = new Float32Array(n);
  const tight = new Uint8Array(n);
  const { dx: warpX, dy: warpY } = createWarpFields(options);
  const { start, items } = buildTileCandidates(seeds, warpX, warpY, width, height, cornerRadius);
  const sx = seeds.x;
  const sy = seeds.y;
  const sw = seeds.weight;
  const inTissue = seeds.inTissue;
  const k = Math.max(cornerRadius, 1e-3);
  const rho = options.roundnessFactor;
  const useDisk = rho < 2;
  const invK = 1 / k;
  const tilesX = Math.ceil(width / TILE);
  const wc = warpX.columns;
  const wxd = warpX.data;
  const wyd = warpY.data;
  const invStep = 1 / WARP_STEP;
  // Warp rows interpolated vertically once per row; per pixel only a horizontal lerp remains.
  const rowWx = new Float32Array(wc);
  const rowWy = new Float32Array(wc);
  let localX = new Float64Array(64);
  let localY = new Float64Array(64);
  let localW = new Float64Array(64);
  let localI = new Int32Array(64);
  let nc = 0;
  // Neighbouring pixels almost always see the same seed pairs: cache the last two gap lookups.
  let c12a = -1;
  let c12b = -1;
  let c12g = 0;
  let c12e = 0;
  let c12s = 0;
  let c13a = -1;
  let c13b = -1;
  let c13g = 0;
  let c13e = 0;
  let c13s = 0;
  for (let y = 0; y < height; y++) {
    const fy = y * invStep;
    const iy = Math.floor(fy);
    const ty = fy - iy;
    for (let c = 0; c < wc; c++) {
      const a = wxd[iy * wc + c] ?? 0;
      const b = wyd[iy * wc + c] ?? 0;
      rowWx[c] = a + ((wxd[iy * wc + wc + c] ?? 0) - a) * ty;
      rowWy[c] = b + ((wyd[iy * wc + wc + c] ?? 0) - b) * ty;
    }
    const tileRow = Math.floor(y / TILE) * tilesX;
    for (let x = 0; x < width; x++) {
      const fx = x * invStep;
      const ix = Math.floor(fx);
      const tx = fx - ix;
      const a0 = rowWx[ix] ?? 0;
      const b0 = rowWy[ix] ?? 0;
      const qx = x + 0.5 + a0 + ((rowWx[ix + 1] ?? 0) - a0) * tx;
      const qy = y + 0.5 + b0 + ((rowWy[ix + 1] ?? 0) - b0) * tx;
      if ((x & (TILE - 1)) === 0) {
        // Entering a new tile: copy its candidates into small packed local arrays.
        const t = tileRow + (x >> TILE_SHIFT);
        const s0 = start[t] ?? 0;
        nc = (start[t + 1] ?? 0) - s0;
        if (nc > localX.length) {
          localX = new Float64Array(nc * 2);
          localY = new Float64Array(nc * 2);
          localW = new Float64Array(nc * 2);
          localI = new Int32Array(nc * 2);
        }
        for (let c = 0; c < nc; c++) {
          const i = items[s0 + c] ?? 0;
          localX[c] = sx[i] ?? 0;
          localY[c] = sy[i] ?? 0;
          localW[c] = sw[i] ?? 0;
          localI[c] = i;
        }
      }
      let i1 = -1;
      let i2 = -1;
      let i3 = -1;
      let p1 = Number.POSITIVE_INFINITY;
      let p2 = Number.POSITIVE_INFINITY;
      let p3 = Number.POSITIVE_INFINITY;
      for (let c = 0; c < nc; c++) {
        const ex = qx - (localX[c] ?? 0);
        const ey = qy - (localY[c] ?? 0);
        const p = ex * ex + ey * ey - (localW[c] ?? 0);
        if (p < p3) {
          const i = localI[c] ?? 0;
          if (p < p2) {
            p3 = p2;
            i3 = i2;
            if (p < p1) {
              p2 = p1;
              i2 = i1;
              p1 = p;
              i1 = i;
            } else {
              p2 = p;
              i2 = i;
            }
          } else {
            p3 = p;
            i3 = i;
          }
        }
      }
      const o = y * width + x;
      if (i1 < 0 || inTissue[i1] === 0) {
        owner[o] = -1;
        region[o] = REGION_BACKGROUND;
        edgeDist[o] = -1e3;
        continue;
      }
      // Distances to the bisector edges with the 2nd and 3rd nearest seeds, minus half gaps.
      let e12 = 1e6;
      let g12 = 0;
      let endo12 = 0;
      if (i2 >= 0) {
        if (i1 !== c12a || i2 !== c12b) {
          const ddx = (sx[i2] ?? 0) - (sx[i1] ?? 0);
          const ddy = (sy[i2] ?? 0) - (sy[i1] ?? 0);
          c12a = i1;
          c12b = i2;
          c12s = 1 / (2 * Math.sqrt(ddx * ddx + ddy * ddy) + 1e-9);
          c12g = pairGap(seeds, i1, i2);
          c12e = lastEndomysiumGap;
        }
        e12 = (p2 - p1) * c12s;
        g12 = c12g;
        endo12 = c12e;
      }
      let e13 = 1e6;
      let g13 = 0;
      let endo13 = 0;
      if (i3 >= 0) {
        if (i1 !== c13a || i3 !== c13b) {
          const ddx = (sx[i3] ?? 0) - (sx[i1] ?? 0);
          const ddy = (sy[i3] ?? 0) - (sy[i1] ?? 0);
          c13a = i1;
          c13b = i3;
          c13s = 1 / (2 * Math.sqrt(ddx * ddx + ddy * ddy) + 1e-9);
          c13g = pairGap(seeds, i1, i3);
          c13e = lastEndomysiumGap;
        }
        e13 = (p3 - p1) * c13s;
        g13 = c13g;
        endo13 = c13e;
      }
      const d12 = e12 - g12 * 0.5;
      const d13 = e13 - g13 * 0.5;
      // Polynomial smooth minimum (I. Quilez): rounds the corner where two edges meet.
      const h = Math.max(k - Math.abs(d12 - d13), 0) * invK;
      let f = Math.min(d12, d13) - h * h * k * 0.25;
      if (useDisk) {
        // |q − s|² = p1 + w: the disk term costs one square root.
        const w1 = sw[i1] ?? 0;
        const fc = rho * Math.sqrt(w1) - Math.sqrt(Math.max(0, p1 + w1));
        const hc = Math.max(k - Math.abs(f - fc), 0) * invK;
        f = Math.min(f, fc) - hc * hc * k * 0.25;
      }
      if (f > 0) {
        owner[o] = i1;
        region[o] = REGION_FIBER;
        edgeDist[o] = f;
        tight[o] = (d12 <= d13 ? g12 : g13) < 0.5 ? 1 : 0;
      } else {
        owner[o] = -1;
        edgeDist[o] = f;
        const isFirst = d12 <= d13;
        const e = isFirst ? e12 : e13;
        const endo = isFirst ? endo12 : endo13;
        // Connective core in the middle of the gap, torn space next to retracted fibers.
        region[o] = e < endo * 0.5 || (d12 > 0 && d13 > 0) ? REGION_CONNECTIVE : REGION_TORN;
      }
    }
  }
  return { owner, region, edgeDist, tight };
}

/**
 * For every tile, the seeds that can be the nearest, or border the nearest within the gap and
 * rounding reach, anywhere in the tile's warped footprint. Conservative by the bound
 * pd_i(p) − pd_b(p) ≥ pd_i(c) − pd_b(c) − 2|s_i − s_b|·|p − c|.
 */
function buildTileCandidates(
  seeds: FiberSeeds,
  warpX: CoarseField,
  warpY: CoarseField,
  width: number,
  height: number,
  cornerRadius: number,
): { start: Int32Array; items: Int32Array } {
  const { count, x, y, weight } = seeds;
  // Uniform grid over the seeds.
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    minX = Math.min(minX, x[i] ?? 0);
    minY = Math.min(minY, y[i] ?? 0);
    maxX = Math.max(maxX, x[i] ?? 0);
    maxY = Math.max(maxY, y[i] ?? 0);
  }
  const cell = Math.max(4, 1.5 * seeds.meanRadiusPx);
  const cols = Math.max(1, Math.ceil((maxX - minX) / cell) + 1);
  const rows = Math.max(1, Math.ceil((maxY - minY) / cell) + 1);
  const cellStart = new Int32Array(cols * rows + 1);
  const cellOf = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const c = Math.floor(((x[i] ?? 0) - minX) / cell);
    const r = Math.floor(((y[i] ?? 0) - minY) / cell);
    cellOf[i] = r * cols + c;
    cellStart[r * cols + c + 1] = (cellStart[r * cols + c + 1] ?? 0) + 1;
  }
  for (let c = 0; c < cols * rows; c++)
    cellStart[c + 1] = (cellStart[c + 1] ?? 0) + (cellStart[c] ?? 0);
  const cellItems = new Int32Array(count);
  const fill = cellStart.slice(0, cols * rows);
  for (let i = 0; i < count; i++) {
    const c = cellOf[i] ?? 0;
    cellItems[fill[c] ?? 0] = i;
    fill[c] = (fill[c] ?? 0) + 1;
  }

  const tilesX = Math.ceil(width / TILE);
  const tilesY = Math.ceil(height / TILE);
  const start = new Int32Array(tilesX * tilesY + 1);
  let items = new Int32Array(tilesX * tilesY * 6);
  let used = 0;
  const reachExtra = seeds.maxGapPx * 0.5 + cornerRadius + 2;
  const scratch: number[] = [];
  const owners: number[] = [];
  for (let ty = 0; ty < tilesY; ty++) {
    for (let tx = 0; tx < tilesX; tx++) {
      // Warped footprint of the tile: bilinear interpolation stays within its nodes' range.
      const px0 = tx * TILE;
      const py0 = ty * TILE;
      const px1 = Math.min(width, px0 + TILE);
      const py1 = Math.min(height, py0 + TILE);
      let dxMin = Number.POSITIVE_INFINITY;
      let dxMax = Number.NEGATIVE_INFINITY;
      let dyMin = Number.POSITIVE_INFINITY;
      let dyMax = Number.NEGATIVE_INFINITY;
      const c0 = Math.floor(px0 / warpX.step);
      const c1 = Math.min(warpX.columns - 1, Math.ceil(px1 / warpX.step));
      const r0 = Math.floor(py0 / warpX.step);
      const r1 = Math.min(warpX.rows - 1, Math.ceil(py1 / warpX.step));
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const vx = warpX.data[r * warpX.columns + c] ?? 0;
          const vy = warpY.data[r * warpY.columns + c] ?? 0;
          dxMin = Math.min(dxMin, vx);
          dxMax = Math.max(dxMax, vx);
          dyMin = Math.min(dyMin, vy);
          dyMax = Math.max(dyMax, vy);
        }
      }
      const bx0 = px0 + dxMin;
      const bx1 = px1 + 1 + dxMax;
      const by0 = py0 + dyMin;
      const by1 = py1 + 1 + dyMax;
      const cx = (bx0 + bx1) / 2;
      const cy = (by0 + by1) / 2;
      const halfDiag = 0.5 * Math.hypot(bx1 - bx0, by1 - by0);
      const reach = halfDiag + reachExtra;
      // Best power distance at the centre from nearby grid cells, widening until found.
      const gc = Math.floor((cx - minX) / cell);
      const gr = Math.floor((cy - minY) / cell);
      let best = -1;
      let bestP = Number.POSITIVE_INFINITY;
      for (let ring = 1; best < 0 || ring <= 2; ring++) {
        for (let r = gr - ring; r <= gr + ring; r++) {
          if (r < 0 || r >= rows) continue;
          for (let c = gc - ring; c <= gc + ring; c++) {
            if (c < 0 || c >= cols) continue;
            for (
              let q = cellStart[r * cols + c] ?? 0;
              q < (cellStart[r * cols + c + 1] ?? 0);
              q++
            ) {
              const i = cellItems[q] ?? 0;
              const p = ((x[i] ?? 0) - cx) ** 2 + ((y[i] ?? 0) - cy) ** 2 - (weight[i] ?? 0);
              if (p < bestP) {
                bestP = p;
                best = i;
              }
            }
          }
        }
        if (ring > Math.max(cols, rows)) break;
      }
      const bxs = x[best] ?? 0;
      const bys = y[best] ?? 0;
      const db = Math.sqrt((bxs - cx) ** 2 + (bys - cy) ** 2);
      const radius =
        reach + Math.sqrt(reach * reach + Math.max(0, bestP + seeds.maxWeight + 2 * db * reach));
      const rc = Math.ceil(radius / cell) + 1;
      scratch.length = 0;
      owners.length = 0;
      for (let r = Math.max(0, gr - rc); r <= Math.min(rows - 1, gr + rc); r++) {
        for (let c = Math.max(0, gc - rc); c <= Math.min(cols - 1, gc + rc); c++) {
          for (let q = cellStart[r * cols + c] ?? 0; q < (cellStart[r * cols + c + 1] ?? 0); q++) {
            const i = cellItems[q] ?? 0;
            const xi = x[i] ?? 0;
            const yi = y[i] ?? 0;
            const p = (xi - cx) ** 2 + (yi - cy) ** 2 - (weight[i] ?? 0);
            const excess = p - bestP;
            if (excess <= 0) {
              scratch.push(i, p);
              owners.push(i, p);
              continue;
            }
            const slack = 2 * Math.sqrt((xi - bxs) ** 2 + (yi - bys) ** 2);
            if (excess <= slack * reach) {
              scratch.push(i, p);
              // Seeds that can own a pixel of the tile.
              if (p - bestP <= slack * halfDiag) owners.push(i, p);
            }
          }
        }
      }
      // Keep a seed if it can own a pixel, or border an owner within that pair's gap and the
      // corner rounding somewhere in the tile.
      let kept = 0;
      for (let a = 0; a < scratch.length; a += 2) {
        const i = scratch[a] ?? 0;
        const pi = scratch[a + 1] ?? 0;
        let keep = false;
        for (let o = 0; o < owners.length && !keep; o += 2) {
          const b = owners[o] ?? 0;
          if (b === i) {
            keep = true;
            break;
          }
          const pb = owners[o + 1] ?? 0;
          const excess = pi - pb;
          const sep =
            2 * Math.sqrt(((x[i] ?? 0) - (x[b] ?? 0)) ** 2 + ((y[i] ?? 0) - (y[b] ?? 0)) ** 2);
          const base = halfDiag + cornerRadius + 2;
          if (excess <= sep * base || excess <= sep * (base + 0.5 * pairGap(seeds, b, i)))
            keep = true;
        }
        if (keep) scratch[kept++] = i;
      }
      scratch.length = kept;
      const t = ty * tilesX + tx;
      if (used + scratch.length > items.length) {
        const grown = new Int32Array(Math.max(items.length * 2, used + scratch.length));
        grown.set(items);
        items = grown;
      }
      for (const i of scratch) items[used++] = i;
      start[t + 1] = used;
    }
  }
  return { start, items };
}
