/**
 * @module synthesis/apply-artifacts
 *
 * Acquisition artifacts applied to the rendered RGB in place, each a separate kernel over the
 * interleaved buffer: debris, uneven illumination, defocus blur, sensor noise, JPEG-like blocks.
 * None touches the labels: they change appearance only.
 */
import { createRandom, type Random, randomNormal } from "./prng.ts";

/** Dark dust and debris particles (blobs and short hairs), count ∝ density × area. */
export function applyDebris(
  rgb: Uint8Array,
  width: number,
  height: number,
  density: number,
  mpp: number,
  seed: number,
): void {
  if (density <= 0) return;
  const random = createRandom(seed, 7);
  const areaUm2 = width * height * mpp * mpp;
  const blobs = Math.round((density * areaUm2) / 40000);
  for (let k = 0; k < blobs; k++) {
    const cx = random() * width;
    const cy = random() * height;
    const r = Math.max(0.7, ((0.5 + 4 * random() ** 3) / mpp) * (random() < 0.1 ? 3 : 1));
    const od = 0.4 + 1.2 * random();
    const tint = random();
    // Brownish to black: less absorption in red.
    const odr = od * (0.55 + 0.45 * tint);
    const odg = od * (0.75 + 0.25 * tint);
    const odb = od;
    stampDisk(rgb, width, height, cx, cy, r, odr, odg, odb);
  }
  const hairs = Math.round((density * areaUm2) / 800000);
  for (let k = 0; k < hairs; k++) {
    let x = random() * width;
    let y = random() * height;
    let a = random() * 2 * Math.PI;
    const steps = Math.round((20 + 120 * random()) / mpp);
    const r = Math.max(0.5, 0.5 / mpp);
    const od = 0.3 + 0.6 * random();
    for (let s = 0; s < steps; s++) {
      stampDisk(rgb, width, height, x, y, r, od * 0.8, od * 0.9, od);
      a += (random() - 0.5) * 0.25;
      x += Math.cos(a) * r;
      y += Math.sin(a) * r;
    }
  }
}

function stampDisk(
  rgb: Uint8Array,
  width: number,
  height: number,
  cx: number,
  cy: number,
  r: number,
  odr: number,
  odg: number,
  odb: number,
): void {
  const x0 = Math.max(0, Math.floor(cx - r - 1));
  const x1 = Math.min(width - 1, Math.ceil(cx + r + 1));
  const y0 = Math.max(0, Math.floor(cy - r - 1));
  const y1 = Math.min(height - 1, Math.ceil(cy + r + 1));
  const tr = 10 ** -odr;
  const tg = 10 ** -odg;
  const tb = 10 ** -odb;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      const w = Math.min(1, Math.max(0, r + 0.5 - d));
      if (w <= 0) continue;
      const o = (y * width + x) * 3;
      rgb[o] = (rgb[o] ?? 0) * (1 - w + w * tr);
      rgb[o + 1] = (rgb[o + 1] ?? 0) * (1 - w + w * tg);
      rgb[o + 2] = (rgb[o + 2] ?? 0) * (1 - w + w * tb);
    }
  }
}

/** Multiplies by a vignette (radial falloff) and a linear gradient of random direction. */
export function applyIllumination(
  rgb: Uint8Array,
  width: number,
  height: number,
  vignetting: number,
  gradient: number,
  random: Random,
): void {
  if (vignetting <= 0 && gradient <= 0) return;
  const angle = random() * 2 * Math.PI;
  const gx = (Math.cos(angle) * gradient * 0.1) / width;
  const gy = (Math.sin(angle) * gradient * 0.1) / height;
  const cx = width * (0.5 + 0.2 * (random() - 0.5));
  const cy = height * (0.5 + 0.2 * (random() - 0.5));
  const inv = 1 / (0.25 * (width * width + height * height));
  const v = vignetting * 0.2;
  for (let y = 0; y < height; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const f = (1 - v * (dx * dx + dy * dy) * inv) * (1 + gx * dx + gy * dy);
      const o = (y * width + x) * 3;
      const r = (rgb[o] ?? 0) * f;
      const g = (rgb[o + 1] ?? 0) * f;
      const b = (rgb[o + 2] ?? 0) * f;
      rgb[o] = Math.min(r, 255);
      rgb[o + 1] = Math.min(g, 255);
      rgb[o + 2] = Math.min(b, 255);
    }
  }
}

/**
 * Gaussian blur of sigma `sigma` px: a 3-tap [w, 1−2w, w] kernel below 0.8 px, else three
 * successive box blurs (the box approximation of a Gaussian, W. M. Wells 1986). Vertical passes
 * run row by row so memory is read sequentially.
 */
export function applyBlur(rgb: Uint8Array, width: number, height: number, sigma: number): void {
  if (sigma < 0.2) return;
  const tmp = new Uint8Array(rgb.length);
  if (sigma < 0.8) {
    const w = Math.min(0.33, sigma * sigma * 0.5);
    tapHorizontal(rgb, tmp, width, height, w);
    tapVertical(tmp, rgb, width, height, w);
    return;
  }
  const sums = new Float64Array(width * 3);
  for (const r of boxRadii(sigma)) {
    boxHorizontal(rgb, tmp, width, height, r);
    boxVertical(tmp, rgb, width, height, r, sums);
  }
}

function tapHorizontal(src: Uint8Array, dst: Uint8Array, width: number, height: number, w: number) {
  const c = 1 - 2 * w;
  const stride = width * 3;
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    for (let k = 0; k < stride; k++) {
      const prev = src[row + (k >= 3 ? k - 3 : k)] ?? 0;
      const next = src[row + (k + 3 < stride ? k + 3 : k)] ?? 0;
      dst[row + k] = (c * (src[row + k] ?? 0) + w * (prev + next) + 0.5) | 0;
    }
  }
}

function tapVertical(src: Uint8Array, dst: Uint8Array, width: number, height: number, w: number) {
  const c = 1 - 2 * w;
  const stride = width * 3;
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const up = y > 0 ? row - stride : row;
    const down = y < height - 1 ? row + stride : row;
    for (let k = 0; k < stride; k++) {
      dst[row + k] =
        (c * (src[row + k] ?? 0) + w * ((src[up + k] ?? 0) + (src[down + k] ?? 0)) + 0.5) | 0;
    }
  }
}

function boxRadii(sigma: number): number[] {
  const n = 3;
  const ideal = Math.sqrt((12 * sigma * sigma) / n + 1);
  let wl = Math.floor(ideal);
  if (wl % 2 === 0) wl--;
  const wu = wl + 2;
  const m = Math.round((12 * sigma * sigma - n * wl * wl - 4 * n * wl - 3 * n) / (-4 * wl - 4));
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(((i < m ? wl : wu) - 1) / 2);
  return out;
}

/** Running-sum box filter along rows; the border pixel is repeated. */
function boxHorizontal(src: Uint8Array, dst: Uint8Array, width: number, height: number, r: number) {
  const inv = 1 / (2 * r + 1);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let ch = 0; ch < 3; ch++) {
      const b0 = row + ch;
      const first = src[b0] ?? 0;
      const last = src[b0 + (width - 1) * 3] ?? 0;
      let acc = first * (r + 1);
      for (let k = 1; k <= r; k++) acc += src[b0 + Math.min(k, width - 1) * 3] ?? 0;
      for (let i = 0; i < width; i++) {
        dst[b0 + i * 3] = (acc * inv + 0.5) | 0;
        const add = i + r + 1 < width ? (src[b0 + (i + r + 1) * 3] ?? 0) : last;
        const sub = i - r >= 0 ? (src[b0 + (i - r) * 3] ?? 0) : first;
        acc += add - sub;
      }
    }
  }
}

/** Running-sum box filter along columns, swept row by row with one sum per column. */
function boxVertical(
  src: Uint8Array,
  dst: Uint8Array,
  width: number,
  height: number,
  r: number,
  sums: Float64Array,
) {
  const stride = width * 3;
  const inv = 1 / (2 * r + 1);
  const lastRow = (height - 1) * stride;
  for (let k = 0; k < stride; k++) {
    let acc = (src[k] ?? 0) * (r + 1);
    for (let j = 1; j <= r; j++) acc += src[Math.min(j, height - 1) * stride + k] ?? 0;
    sums[k] = acc;
  }
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const addRow = y + r + 1 < height ? (y + r + 1) * stride : lastRow;
    const subRow = y - r >= 0 ? (y - r) * stride : 0;
    for (let k = 0; k < stride; k++) {
      const acc = sums[k] ?? 0;
      dst[row + k] = (acc * inv + 0.5) | 0;
      sums[k] = acc + (src[addRow + k] ?? 0) - (src[subRow + k] ?? 0);
    }
  }
}

/**
 * Additive Gaussian sensor noise of `sigma` grey levels (part shared by the channels, as after
 * demosaicing), drawn from a table of normal deviates indexed by a xorshift stream.
 */
export function applyNoise(rgb: Uint8Array, sigma: number, random: Random): void {
  if (sigma <= 0) return;
  const table = new Float32Array(4096);
  for (let i = 0; i < table.length; i++) table[i] = sigma * randomNormal(random);
  let s = (Math.floor(random() * 4294967296) | 1) >>> 0;
  for (let o = 0; o < rgb.length; o += 3) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const shared = 0.6 * (table[s & 4095] ?? 0);
    const r = (rgb[o] ?? 0) + shared + 0.8 * (table[(s >>> 12) & 4095] ?? 0);
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const g = (rgb[o + 1] ?? 0) + shared + 0.8 * (table[s & 4095] ?? 0);
    const b = (rgb[o + 2] ?? 0) + shared + 0.8 * (table[(s >>> 12) & 4095] ?? 0);
    rgb[o] = r < 0 ? 0 : r > 255 ? 255 : r + 0.5;
    rgb[o + 1] = g < 0 ? 0 : g > 255 ? 255 : g + 0.5;
    rgb[o + 2] = b < 0 ? 0 : b > 255 ? 255 : b + 0.5;
  }
}

/**
 * JPEG-like artifacts: chroma averaged over 2×2 (4:2:0 subsampling) and luma pulled towards the
 * 8×8 block mean, both scaled by `strength`.
 */
export function applyJpegBlockiness(
  rgb: Uint8Array,
  width: number,
  height: number,
  strength: number,
): void {
  if (strength <= 0) return;
  const pull = 0.45 * strength;
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      const x1 = Math.min(width, bx + 8);
      const y1 = Math.min(height, by + 8);
      let sum = 0;
      let n = 0;
      for (let y = by; y < y1; y++) {
        for (let x = bx; x < x1; x++) {
          const o = (y * width + x) * 3;
          sum += 0.299 * (rgb[o] ?? 0) + 0.587 * (rgb[o + 1] ?? 0) + 0.114 * (rgb[o + 2] ?? 0);
          n++;
        }
      }
      const mean = sum / n;
      for (let y = by; y < y1; y += 2) {
        for (let x = bx; x < x1; x += 2) {
          // 2×2 chroma average, per-pixel luma kept (minus the block pull).
          let cb = 0;
          let cr = 0;
          let m = 0;
          for (let yy = y; yy < Math.min(y1, y + 2); yy++) {
            for (let xx = x; xx < Math.min(x1, x + 2); xx++) {
              const o = (yy * width + xx) * 3;
              const r = rgb[o] ?? 0;
              const g = rgb[o + 1] ?? 0;
              const b = rgb[o + 2] ?? 0;
              const lum = 0.299 * r + 0.587 * g + 0.114 * b;
              cb += b - lum;
              cr += r - lum;
              m++;
            }
          }
          cb /= m;
          cr /= m;
          for (let yy = y; yy < Math.min(y1, y + 2); yy++) {
            for (let xx = x; xx < Math.min(x1, x + 2); xx++) {
              const o = (yy * width + xx) * 3;
              const r = rgb[o] ?? 0;
              const g = rgb[o + 1] ?? 0;
              const b = rgb[o + 2] ?? 0;
              let lum = 0.299 * r + 0.587 * g + 0.114 * b;
              const ocb = b - lum;
              const ocr = r - lum;
              lum += (mean - lum) * pull;
              const ncb = ocb + (cb - ocb) * strength;
              const ncr = ocr + (cr - ocr) * strength;
              const nr = lum + ncr;
              const nb = lum + ncb;
              const ng = (lum - 0.299 * nr - 0.114 * nb) / 0.587;
              rgb[o] = nr < 0 ? 0 : Math.min(nr, 255);
              rgb[o + 1] = ng < 0 ? 0 : Math.min(ng, 255);
              rgb[o + 2] = nb < 0 ? 0 : Math.min(nb, 255);
            }
          }
        }
      }
    }
  }
}
