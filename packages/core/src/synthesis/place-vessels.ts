/**
 * @module synthesis/place-vessels
 *
 * Capillaries / small vessels (round lumen, pale wall, sometimes red blood cells) and fat cells
 * (large empty round cells with a thin wall) placed where the connective tissue is wide enough.
 * They change appearance only, never the fiber labels.
 */
import { createRandom } from "./prng.ts";
import { REGION_CONNECTIVE, REGION_TORN } from "./render-layout.ts";
import type { SynthesisParams } from "./synthesis-params.ts";

export const VESSEL_CAPILLARY = 0;
export const VESSEL_FAT = 1;

/** Round structures in the connective tissue (pixel units). */
export interface Vessels {
  count: number;
  x: Float64Array;
  y: Float64Array;
  /** Lumen (or fat cell) radius. */
  r: Float64Array;
  /** Wall thickness. */
  wall: Float64Array;
  kind: Uint8Array;
  /** 1 if the lumen holds red blood cells. */
  blood: Uint8Array;
}

/** Options of {@link placeVessels}. */
export interface PlaceVesselsOptions {
  width: number;
  height: number;
  seed: number;
  region: Uint8Array;
  edgeDist: Float32Array;
}

/** Places vessels and fat cells; few tries, so it costs little even when nothing fits. */
export function placeVessels(params: SynthesisParams, options: PlaceVesselsOptions): Vessels {
  const { width, height, seed, region, edgeDist } = options;
  const mpp = params.mpp;
  const random = createRandom(seed, 13);
  let connective = 0;
  for (let i = 0; i < region.length; i += 7) if (region[i] === REGION_CONNECTIVE) connective += 7;
  const areaUm = connective * mpp * mpp;
  const xs: number[] = [];
  const ys: number[] = [];
  const rs: number[] = [];
  const walls: number[] = [];
  const kinds: number[] = [];
  const blood: number[] = [];
  const place = (wanted: number, kind: number) => {
    for (let tries = 0, got = 0; got < wanted && tries < wanted * 40; tries++) {
      const x = random() * width;
      const y = random() * height;
      const i = Math.floor(y) * width + Math.floor(x);
      if (region[i] !== REGION_CONNECTIVE && region[i] !== REGION_TORN) continue;
      const room = -(edgeDist[i] ?? 0);
      const wall = kind === VESSEL_FAT ? Math.max(0.8, 0.6 / mpp) : (0.8 + random()) / mpp;
      const want =
        kind === VESSEL_FAT ? (12 + 22 * random()) / mpp : (1.5 + 3.5 * random() ** 2) / mpp;
      const r = Math.min(want, room - wall - 0.5);
      if (r < (kind === VESSEL_FAT ? 8 / mpp : 1.2 / mpp)) continue;
      let clash = false;
      for (let k = 0; k < xs.length && !clash; k++) {
        const d = Math.hypot((xs[k] ?? 0) - x, (ys[k] ?? 0) - y);
        clash = d < (rs[k] ?? 0) + (walls[k] ?? 0) + r + wall;
      }
      if (clash) continue;
      xs.push(x);
      ys.push(y);
      rs.push(r);
      walls.push(wall);
      kinds.push(kind);
      blood.push(kind === VESSEL_CAPILLARY && random() < 0.35 ? 1 : 0);
      got++;
    }
  };
  const expected = (density: number) => {
    const mean = (density * areaUm) / 10000;
    const whole = Math.floor(mean);
    return whole + (random() < mean - whole ? 1 : 0);
  };
  place(expected(params.fatCellDensity), VESSEL_FAT);
  place(expected(params.vesselDensity), VESSEL_CAPILLARY);
  return {
    count: xs.length,
    x: Float64Array.from(xs),
    y: Float64Array.from(ys),
    r: Float64Array.from(rs),
    wall: Float64Array.from(walls),
    kind: Uint8Array.from(kinds),
    blood: Uint8Array.from(blood),
  };
}

/** Map codes of {@link renderVessels}: 1..100 wall density (%), 101 clear, 102..255 blood. */
export const VESSEL_CLEAR = 101;

/**
 * Rasterises vessels into a code map (see {@link VESSEL_CLEAR}); `null` when there are none, so
 * the stain kernel skips the lookup.
 */
export function renderVessels(vessels: Vessels, width: number, height: number): Uint8Array | null {
  if (vessels.count === 0) return null;
  const out = new Uint8Array(width * height);
  for (let k = 0; k < vessels.count; k++) {
    const cx = vessels.x[k] ?? 0;
    const cy = vessels.y[k] ?? 0;
    const r = vessels.r[k] ?? 1;
    const wall = vessels.wall[k] ?? 1;
    const fat = vessels.kind[k] === VESSEL_FAT;
    const blood = vessels.blood[k] === 1;
    const outer = r + wall;
    const x0 = Math.max(0, Math.floor(cx - outer - 1));
    const x1 = Math.min(width - 1, Math.ceil(cx + outer + 1));
    const y0 = Math.max(0, Math.floor(cy - outer - 1));
    const y1 = Math.min(height - 1, Math.ceil(cy + outer + 1));
    // Slightly oval lumens: vessels are cut obliquely.
    const squash = 1 + 0.35 * Math.sin(k * 2.39);
    const angle = k * 1.7;
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const dx = x + 0.5 - cx;
        const dy = y + 0.5 - cy;
        const u = dx * c + dy * s;
        const v = (-dx * s + dy * c) * squash;
        const d = Math.sqrt(u * u + v * v);
        const i = y * width + x;
        let code = 0;
        if (d < r) {
          if (blood && d < 0.8 * r) {
            code = 102 + Math.round(153 * Math.min(1, 0.55 + 0.45 * (1 - d / r)));
          } else code = VESSEL_CLEAR;
        } else if (d < outer + 0.7) {
          const w = Math.min(1, outer + 0.7 - d);
          code = Math.max(1, Math.round((fat ? 55 : 85) * w));
        }
        if (code > 0 && (out[i] === 0 || code === VESSEL_CLEAR)) out[i] = code;
      }
    }
  }
  return out;
}
