/**
 * @module synthesis/render-stain
 *
 * Per-pixel colour kernel. Each pixel gets hematoxylin and eosin optical densities from its
 * region, fiber texture tiles, membrane lines, vacuoles, folds and nuclei; colour follows
 * Beer–Lambert: OD = cH·vH + cE·vE + background, RGB = 255·10^(−OD), through a lookup table.
 */

import type { TextureTile } from "./noise-textures.ts";
import { VESSEL_CLEAR } from "./place-vessels.ts";
import { REGION_CONNECTIVE, REGION_FIBER, REGION_TORN } from "./render-layout.ts";

/** Base stain OD directions before per-image hue jitter. Hematoxylin is Ruifrok & Johnston's
 * (2001) vector; eosin is bluer than theirs, fitted to the fiber OD of the real FFPE images. */
export const BASE_HEMATOXYLIN: readonly [number, number, number] = [0.65, 0.7, 0.29];
export const BASE_EOSIN: readonly [number, number, number] = [0.1, 0.88, 0.45];

/** Unit vector `v` rotated by `angle` radians about the grey axis (Rodrigues), kept ≥ 0. */
export function rotateAboutGrey(
  v: readonly [number, number, number],
  angle: number,
): [number, number, number] {
  const k = 1 / Math.sqrt(3);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const [x, y, z] = v;
  const dot = k * (x + y + z);
  // k × v with k = (1,1,1)/√3
  const cx = k * (z - y);
  const cy = k * (x - z);
  const cz = k * (y - x);
  let r = x * c + cx * s + k * dot * (1 - c);
  let g = y * c + cy * s + k * dot * (1 - c);
  let b = z * c + cz * s + k * dot * (1 - c);
  r = Math.max(0.01, r);
  g = Math.max(0.01, g);
  b = Math.max(0.01, b);
  const n = Math.hypot(r, g, b);
  return [r / n, g / n, b / n];
}

/** Everything the stain kernel reads. */
export interface StainInputs {
  width: number;
  height: number;
  region: Uint8Array;
  labels: Uint16Array;
  edgeDist: Float32Array;
  tight: Uint8Array;
  nuclei: Uint8Array;
  /** Per label: stain multiplier, texture offsets, vacuole flag. */
  fiberShade: Float32Array;
  fiberOffsetX: Int32Array;
  fiberOffsetY: Int32Array;
  /** Per label: freezing-hole threshold on the `vacuoles` potential, 0 = no holes. */
  fiberVacuoles: Float32Array;
  mottle: TextureTile;
  speckle: TextureTile;
  fibrous: TextureTile;
  /** Low-frequency field in [0, 1]: where the gaps hold stroma. */
  stromaPatches: TextureTile;
  vacuoles: TextureTile;
  /** Vessel code map (see `renderVessels`), or null. */
  vessels: Uint8Array | null;
  /** Width (px) of the pale endomysium line along fibers that face a gap. */
  endomysiumLinePx: number;
  /** Fold bands: point, unit normal, half width (px). */
  folds: {
    x: Float64Array;
    y: Float64Array;
    nx: Float64Array;
    ny: Float64Array;
    halfWidth: Float64Array;
  };
  hematoxylin: readonly [number, number, number];
  eosin: readonly [number, number, number];
  background: readonly [number, number, number];
  hematoxylinConcentration: number;
  eosinConcentration: number;
  fiberHematoxylin: number;
  connectiveStain: number;
  connectiveDensity: number;
  mottleAmplitude: number;
  speckleAmount: number;
  membraneContrast: number;
  membraneWidthPx: number;
}

const LUT_SCALE = 1024;
const LUT_SIZE = 6 * LUT_SCALE;
let transmissionLut: Uint8Array | null = null;

function getLut(): Uint8Array {
  if (transmissionLut) return transmissionLut;
  const lut = new Uint8Array(LUT_SIZE + 1);
  for (let i = 0; i <= LUT_SIZE; i++) lut[i] = Math.round(255 * 10 ** (-i / LUT_SCALE));
  transmissionLut = lut;
  return lut;
}

/** Renders RGB (interleaved) into `out`. */
export function renderStain(s: StainInputs, out: Uint8Array): void {
  const { width, height, region, labels, edgeDist, tight, nuclei } = s;
  const lut = getLut();
  const [hr, hg, hb] = s.hematoxylin;
  const [er, eg, eb] = s.eosin;
  const [br, bg, bb] = s.background;
  const mm = s.mottle.mask;
  const ms = s.mottle.size;
  const md = s.mottle.data;
  const sm = s.speckle.mask;
  const ss = s.speckle.size;
  const sd = s.speckle.data;
  const fm = s.fibrous.mask;
  const fs = s.fibrous.size;
  const fd = s.fibrous.data;
  const pm = s.stromaPatches.mask;
  const ps = s.stromaPatches.size;
  const pd = s.stromaPatches.data;
  const vessels = s.vessels;
  const lineW = s.endomysiumLinePx;
  const vm = s.vacuoles.mask;
  const vs = s.vacuoles.size;
  const vd = s.vacuoles.data;
  const ec = s.eosinConcentration;
  const hf = s.fiberHematoxylin;
  const hc = s.hematoxylinConcentration;
  const ma = s.mottleAmplitude;
  // Stipple flecks are pale, never white: at full strength they lose 40% of the stain.
  const sa = s.speckleAmount * 0.4;
  const memHalf = s.membraneWidthPx * 0.5 + 0.5;
  const memGain = s.membraneContrast * 0.6;
  // Stroma is pale lilac: relatively more hematoxylin than the fibers.
  const conE = (0.05 + 0.12 * ec) * s.connectiveStain * 2;
  const conH = (0.06 + 0.5 * hf) * s.connectiveStain * 2;
  const cd = s.connectiveDensity;
  const foldCount = s.folds.x.length;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const reg = region[i] ?? 0;
      let cH = 0;
      let cE = 0;
      if (reg === REGION_FIBER) {
        const l = labels[i] ?? 0;
        const shade = s.fiberShade[l] ?? 1;
        const ox = s.fiberOffsetX[l] ?? 0;
        const oy = s.fiberOffsetY[l] ?? 0;
        const m = md[((y + oy) & mm) * ms + ((x + ox) & mm)] ?? 0.5;
        const sp = sd[((y + ox) & sm) * ss + ((x + oy) & sm)] ?? 0;
        let k = shade * (1 + ma * (2 * m - 1)) * (1 - sa * sp);
        const d = edgeDist[i] ?? 0;
        if (d < memHalf) {
          const w = 1 - d / memHalf;
          // Tight contacts get the membrane line; fibers facing a gap a faint darker rim.
          k *= tight[i] === 1 ? 1 + memGain * w : 1 + 0.12 * w;
        }
        const vt = s.fiberVacuoles[l] ?? 0;
        if (vt > 0 && d > 3) {
          const v = vd[((y + oy) & vm) * vs + ((x + ox) & vm)] ?? 0;
          // The mottle shifts the threshold, so holes cluster in parts of a fiber.
          const over = (v - vt - 0.12 * (0.5 - m)) * 25;
          if (over > 0) k *= over >= 1 ? 0.04 : 1 - 0.96 * over;
        }
        cE = ec * k;
        cH = hf * k;
      } else if (reg === REGION_CONNECTIVE || reg === REGION_TORN) {
        const f = fd[(y & fm) * fs + (x & fm)] ?? 0;
        const patch = pd[(y & pm) * ps + (x & pm)] ?? 0;
        // Stroma fills only parts of the gaps (patches); elsewhere a faint haze of strands.
        const fill = patch < 0.35 ? 0 : patch > 0.65 ? 1 : (patch - 0.35) * 3.33;
        let dens =
          reg === REGION_CONNECTIVE
            ? cd * (0.15 + 0.35 * f + fill * (0.35 + 0.5 * f))
            : cd * 0.12 * f;
        // Endomysium: a pale pink-lilac line along fibers that face a gap.
        const d = -(edgeDist[i] ?? 0);
        if (d < lineW) dens = Math.max(dens, (0.25 + 0.5 * cd) * (1 - d / lineW) * 1.4);
        if (vessels !== null) {
          const vc = vessels[i] ?? 0;
          if (vc === VESSEL_CLEAR) dens = 0;
          else if (vc > VESSEL_CLEAR) {
            // Red blood cells: dense eosin, hardly any hematoxylin.
            const w = (vc - VESSEL_CLEAR - 1) / 153;
            dens = 0;
            cE = 1.3 * ec * w + 0.2 * w;
          } else if (vc > 0) dens = Math.max(dens, (vc / 100) * 1.5);
        }
        cE += conE * dens;
        cH += conH * dens;
      }
      if (foldCount > 0 && reg !== 0) {
        for (let f = 0; f < foldCount; f++) {
          const dist = Math.abs(
            (x - (s.folds.x[f] ?? 0)) * (s.folds.nx[f] ?? 0) +
              (y - (s.folds.y[f] ?? 0)) * (s.folds.ny[f] ?? 0),
          );
          const hw = s.folds.halfWidth[f] ?? 0;
          if (dist < hw) {
            const w = 1 - (dist / hw) ** 4;
            cE *= 1 + 0.55 * w;
            cH *= 1 + 0.8 * w;
          }
        }
      }
      const nuc = nuclei[i] ?? 0;
      if (nuc > 0) {
        const w = nuc * (1 / 255);
        // Nuclei keep a little eosin (they sit in stained cytoplasm or stroma): blue-purple.
        cH += hc * w;
        cE = cE * (1 - 0.5 * w) + 0.12 * ec * w;
      }
      const odR = cH * hr + cE * er + br;
      const odG = cH * hg + cE * eg + bg;
      const odB = cH * hb + cE * eb + bb;
      const o = i * 3;
      out[o] = lut[Math.min(LUT_SIZE, (odR * LUT_SCALE) | 0)] ?? 0;
      out[o + 1] = lut[Math.min(LUT_SIZE, (odG * LUT_SCALE) | 0)] ?? 0;
      out[o + 2] = lut[Math.min(LUT_SIZE, (odB * LUT_SCALE) | 0)] ?? 0;
    }
  }
}
