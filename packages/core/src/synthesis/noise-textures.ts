/**
 * @module synthesis/noise-textures
 *
 * Procedural noise used by the synthesis kernels. High-frequency textures are precomputed once
 * per image as small periodic (tileable) tiles and sampled with per-fiber offsets, so the
 * per-pixel kernels do a table lookup instead of evaluating Worley noise at every pixel.
 * Low-frequency fields (warp, illumination) are evaluated on a coarse grid and interpolated.
 */
import { hash3, type Random } from "./prng.ts";

/** A square, periodic texture of side `size` (a power of two) with values in [0, 1]. */
export interface TextureTile {
  size: number;
  mask: number;
  data: Float32Array;
}

/**
 * Periodic Worley (cellular) noise after S. Worley, "A cellular texture basis function",
 * SIGGRAPH 1996: one jittered feature point per cell of a `cells`×`cells` lattice on the torus.
 * `mode` "f1" gives the distance to the nearest point, "f2-f1" the cell-border network;
 * both are scaled by the cell size and clamped to [0, 1].
 */
export function createWorleyTile(
  size: number,
  cells: number,
  mode: "f1" | "f2-f1",
  random: Random,
): TextureTile {
  const n = Math.max(1, Math.round(cells));
  const cellSize = size / n;
  const px = new Float32Array(n * n);
  const py = new Float32Array(n * n);
  for (let i = 0; i < n * n; i++) {
    px[i] = ((i % n) + 0.1 + 0.8 * random()) * cellSize;
    py[i] = (Math.floor(i / n) + 0.1 + 0.8 * random()) * cellSize;
  }
  const data = new Float32Array(size * size);
  const inv = 1 / cellSize;
  for (let y = 0; y < size; y++) {
    const cy = Math.floor((y + 0.5) * inv);
    for (let x = 0; x < size; x++) {
      const cx = Math.floor((x + 0.5) * inv);
      let f1 = 1e9;
      let f2 = 1e9;
      for (let oy = -1; oy <= 1; oy++) {
        const gy = cy + oy;
        const wy = ((gy % n) + n) % n;
        const shiftY = (gy - wy) * cellSize;
        for (let ox = -1; ox <= 1; ox++) {
          const gx = cx + ox;
          const wx = ((gx % n) + n) % n;
          const k = wy * n + wx;
          const dx = (px[k] ?? 0) + (gx - wx) * cellSize - (x + 0.5);
          const dy = (py[k] ?? 0) + shiftY - (y + 0.5);
          const d = dx * dx + dy * dy;
          if (d < f1) {
            f2 = f1;
            f1 = d;
          } else if (d < f2) {
            f2 = d;
          }
        }
      }
      const v = mode === "f1" ? Math.sqrt(f1) * inv : (Math.sqrt(f2) - Math.sqrt(f1)) * inv;
      data[y * size + x] = Math.min(v, 1);
    }
  }
  return { size, mask: size - 1, data };
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** Periodic value noise with `octaves` octaves starting at `cells` lattice cells, in [0, 1]. */
export function createValueNoiseTile(
  size: number,
  cells: number,
  octaves: number,
  salt: number,
): TextureTile {
  const data = new Float32Array(size * size);
  let amplitude = 1;
  let total = 0;
  const rowA = new Float32Array(size + 1);
  for (let o = 0; o < octaves; o++) {
    const n = Math.max(1, Math.min(size, Math.round(cells * 2 ** o)));
    // Lattice values once per octave, then separable smooth interpolation.
    const lattice = new Float32Array(n * n);
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) lattice[j * n + i] = hash3(i, j, salt + o);
    const step = n / size;
    const x0s = new Int32Array(size);
    const x1s = new Int32Array(size);
    const txs = new Float32Array(size);
    for (let x = 0; x < size; x++) {
      const fx = (x + 0.5) * step;
      const ix = Math.floor(fx);
      x0s[x] = ix % n;
      x1s[x] = (ix + 1) % n;
      txs[x] = smooth(fx - ix);
    }
    for (let y = 0; y < size; y++) {
      const fy = (y + 0.5) * step;
      const iy = Math.floor(fy);
      const ty = smooth(fy - iy);
      const r0 = (iy % n) * n;
      const r1 = ((iy + 1) % n) * n;
      for (let i = 0; i < n; i++) {
        const a = lattice[r0 + i] ?? 0;
        rowA[i] = a + ((lattice[r1 + i] ?? 0) - a) * ty;
      }
      const row = y * size;
      for (let x = 0; x < size; x++) {
        const a = rowA[x0s[x] ?? 0] ?? 0;
        const b = rowA[x1s[x] ?? 0] ?? 0;
        data[row + x] = (data[row + x] ?? 0) + amplitude * (a + (b - a) * (txs[x] ?? 0));
      }
    }
    total += amplitude;
    amplitude *= 0.5;
  }
  for (let i = 0; i < data.length; i++) data[i] = (data[i] ?? 0) / total;
  return { size, mask: size - 1, data };
}

/** Value noise at a real-valued point (lattice spacing 1), in [0, 1]. Not periodic. */
export function valueNoise(x: number, y: number, salt: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const tx = smooth(x - ix);
  const ty = smooth(y - iy);
  const a = hash3(ix, iy, salt);
  const b = hash3(ix + 1, iy, salt);
  const c = hash3(ix, iy + 1, salt);
  const d = hash3(ix + 1, iy + 1, salt);
  return a + (b - a) * tx + (c - a + (a - b - c + d) * tx) * ty;
}

/** Two-octave value noise in [-1, 1] with wavelength `wavelength` (same units as x, y). */
export function fbmNoise(x: number, y: number, wavelength: number, salt: number): number {
  const f = 1 / wavelength;
  return (
    (valueNoise(x * f, y * f, salt) * 2 - 1) * 0.67 +
    (valueNoise(x * f * 2.1, y * f * 2.1, salt + 17) * 2 - 1) * 0.33
  );
}

/** A field sampled every `step` pixels; `(width/step + 2) × (height/step + 2)` nodes. */
export interface CoarseField {
  step: number;
  columns: number;
  rows: number;
  data: Float32Array;
}

/** Evaluates `fn(x, y)` (pixel coordinates) on a coarse grid covering a width×height image. */
export function createCoarseField(
  width: number,
  height: number,
  step: number,
  fn: (x: number, y: number) => number,
): CoarseField {
  const columns = Math.ceil(width / step) + 2;
  const rows = Math.ceil(height / step) + 2;
  const data = new Float32Array(columns * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) data[r * columns + c] = fn(c * step, r * step);
  }
  return { step, columns, rows, data };
}

/** Bilinear lookup of a coarse field at pixel (x, y). */
export function sampleCoarseField(field: CoarseField, x: number, y: number): number {
  const fx = x / field.step;
  const fy = y / field.step;
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  const tx = fx - ix;
  const ty = fy - iy;
  const i = iy * field.columns + ix;
  const d = field.data;
  const a = d[i] ?? 0;
  const b = d[i + 1] ?? 0;
  const c = d[i + field.columns] ?? 0;
  const e = d[i + field.columns + 1] ?? 0;
  return a + (b - a) * tx + (c - a + (a - b - c + e) * tx) * ty;
}
