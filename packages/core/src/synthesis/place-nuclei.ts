/**
 * @module synthesis/place-nuclei
 *
 * Nucleus geometry: peripheral (subsarcolemmal) nuclei just inside fiber borders, central nuclei
 * near fiber centroids in a fraction of fibers, and interstitial nuclei in connective tissue.
 */
import type { FinalLabels } from "./finalize-labels.ts";
import type { Vessels } from "./place-vessels.ts";
import { createRandom, randomNormal, randomPoisson } from "./prng.ts";
import { REGION_CONNECTIVE } from "./render-layout.ts";
import type { SynthesisParams } from "./synthesis-params.ts";

export const NUCLEUS_PERIPHERAL = 0;
export const NUCLEUS_CENTRAL = 1;
export const NUCLEUS_INTERSTITIAL = 2;

/** Ellipses of all nuclei (pixel units). */
export interface Nuclei {
  count: number;
  x: Float64Array;
  y: Float64Array;
  /** Semi-axes along and across `angle`. */
  a: Float64Array;
  b: Float64Array;
  angle: Float64Array;
  /** Bend (1/px): the minor axis is offset by bend·u² along the major axis u (kidney shapes,
   * peripheral nuclei following the fiber curvature). */
  bend: Float64Array;
  kind: Uint8Array;
  /** Relative darkness (1 = `hematoxylinConcentration`). */
  darkness: Float32Array;
  /** Fibers (labels) that received a central nucleus. */
  centralFibers: number;
}

/** Options of {@link placeNuclei}. */
export interface PlaceNucleiOptions {
  width: number;
  height: number;
  seed: number;
  labels: FinalLabels;
  region: Uint8Array;
  edgeDist: Float32Array;
  /** Vessels whose walls get endothelial nuclei. */
  vessels?: Vessels;
}

/** Places all nuclei of one image. */
export function placeNuclei(params: SynthesisParams, options: PlaceNucleiOptions): Nuclei {
  const { width, height, seed, labels: fl, region, edgeDist, vessels } = options;
  const random = createRandom(seed, 3);
  const mpp = params.mpp;
  const halfLength = params.nucleusLengthUm / mpp / 2;
  const halfWidth = params.nucleusWidthUm / mpp / 2;
  const meanArea = (Math.PI / 4) * (params.fiberDiameterUm / mpp) ** 2;
  const xs: number[] = [];
  const ys: number[] = [];
  const as: number[] = [];
  const bs: number[] = [];
  const angles: number[] = [];
  const bends: number[] = [];
  const kinds: number[] = [];
  const dark: number[] = [];
  const sizeSigma = Math.sqrt(Math.log(1 + params.nucleusSizeCv ** 2));
  const push = (
    x: number,
    y: number,
    a: number,
    b: number,
    angle: number,
    kind: number,
    bend: number,
  ) => {
    // Log-normal size per nucleus, clamped so no nucleus becomes a dot or a blob.
    const size = Math.min(1.8, Math.max(0.55, Math.exp(sizeSigma * randomNormal(random))));
    xs.push(x);
    ys.push(y);
    as.push(Math.max(a * size, 0.6));
    bs.push(Math.max(b * size, 0.5));
    angles.push(angle);
    bends.push(bend);
    kinds.push(kind);
    dark.push(0.6 + 0.5 * random());
  };
  const labelAt = (x: number, y: number): number => {
    const ix = Math.floor(x);
    const iy = Math.floor(y);
    if (ix < 0 || iy < 0 || ix >= width || iy >= height) return -1;
    return fl.labels[iy * width + ix] ?? 0;
  };
  let centralFibers = 0;
  for (let l = 1; l <= fl.count; l++) {
    const area = fl.area[l] ?? 0;
    const cx = fl.centroidX[l] ?? 0;
    const cy = fl.centroidY[l] ?? 0;
    const eqRadius = Math.sqrt(area / Math.PI);
    // Central nuclei: drawn for every fiber so the fraction does not reshuffle other nuclei.
    const wantsCentral = random() < params.centralNucleiFraction;
    const extra = random() < 0.2 ? 1 : 0;
    let placed = false;
    if (wantsCentral) {
      for (let k = 0; k <= extra; k++) {
        const r = 0.22 * eqRadius * Math.sqrt(random());
        const t = random() * 2 * Math.PI;
        const x = cx + r * Math.cos(t);
        const y = cy + r * Math.sin(t);
        if (labelAt(x, y) !== l) continue;
        const a = halfLength * (0.55 + 0.3 * random());
        const b = halfWidth * (1.05 + 0.35 * random());
        if (a > 0.45 * eqRadius) continue;
        push(x, y, a, Math.min(b, a), random() * Math.PI, NUCLEUS_CENTRAL, 0.04 * (random() - 0.5));
        placed = true;
      }
    }
    if (placed) centralFibers++;
    // Peripheral nuclei: march out from the centroid to just inside the border.
    const count = randomPoisson(
      random,
      params.peripheralNucleiPerFiber * Math.min(3, area / meanArea) ** 0.5,
    );
    for (let k = 0; k < count; k++) {
      const t = random() * 2 * Math.PI;
      const ux = Math.cos(t);
      const uy = Math.sin(t);
      const b = halfWidth * (0.75 + 0.45 * random());
      const a = halfLength * (0.7 + 0.6 * random());
      let px = cx;
      let py = cy;
      let found = false;
      // Some nuclei sit a little deeper than the membrane, so they do not all look like caps.
      const inset = b + 0.5 + b * 0.6 * random() ** 2;
      for (let s = 0; s < 4 * eqRadius + 8; s += 0.75) {
        const x = cx + ux * s;
        const y = cy + uy * s;
        if (labelAt(x, y) !== l) break;
        px = x;
        py = y;
        const d = edgeDist[Math.floor(y) * width + Math.floor(x)] ?? 0;
        if (d <= inset) {
          found = true;
          break;
        }
      }
      // Bent to follow the fiber border (curvature ≈ 1/radius, halved for a sagitta).
      if (found) push(px, py, a, b, t + Math.PI / 2, NUCLEUS_PERIPHERAL, 0.5 / eqRadius);
    }
  }
  // Interstitial nuclei in connective tissue.
  let connective = 0;
  for (let i = 0; i < region.length; i++) if (region[i] === REGION_CONNECTIVE) connective++;
  const wanted = Math.round((params.interstitialNucleiDensity * connective * mpp * mpp) / 10000);
  // Along the nearest fiber border (fibroblasts and endothelium lie in the endomysium's plane).
  const alongBorder = (x: number, y: number): number => {
    const ix = Math.min(width - 2, Math.max(1, Math.floor(x)));
    const iy = Math.min(height - 2, Math.max(1, Math.floor(y)));
    const i = iy * width + ix;
    const gx = (edgeDist[i + 1] ?? 0) - (edgeDist[i - 1] ?? 0);
    const gy = (edgeDist[i + width] ?? 0) - (edgeDist[i - width] ?? 0);
    return Math.atan2(gy, gx) + Math.PI / 2 + 0.5 * (random() - 0.5);
  };
  const interstitial = (x: number, y: number) => {
    const a = halfLength * (0.45 + 0.6 * random());
    const b = Math.min(a, halfWidth * (0.75 + 0.7 * random()));
    push(x, y, a, b, alongBorder(x, y), NUCLEUS_INTERSTITIAL, 0.06 * (random() - 0.5));
  };
  for (let tries = 0, got = 0; got < wanted && tries < wanted * 30; tries++) {
    const x = random() * width;
    const y = random() * height;
    if (region[Math.floor(y) * width + Math.floor(x)] !== REGION_CONNECTIVE) continue;
    interstitial(x, y);
    got++;
    if (random() < params.interstitialClustering) {
      const extra = 1 + Math.floor(3 * random());
      for (let e = 0; e < extra; e++, got++) {
        const t = random() * 2 * Math.PI;
        const r = halfLength * (1.3 + 1.3 * random());
        const ex = x + r * Math.cos(t);
        const ey = y + r * Math.sin(t);
        if (ex >= 0 && ey >= 0 && ex < width && ey < height) interstitial(ex, ey);
      }
    }
  }
  // Endothelial nuclei flattened on vessel walls.
  if (vessels) {
    for (let k = 0; k < vessels.count; k++) {
      if (vessels.kind[k] !== 0) continue;
      const r = (vessels.r[k] ?? 0) + 0.5 * (vessels.wall[k] ?? 0);
      const ring = 1 + Math.floor(3 * random());
      const t0 = random() * 2 * Math.PI;
      for (let e = 0; e < ring; e++) {
        const t = t0 + (2 * Math.PI * (e + 0.3 * random())) / ring;
        const a = halfLength * (0.5 + 0.4 * random());
        push(
          (vessels.x[k] ?? 0) + r * Math.cos(t),
          (vessels.y[k] ?? 0) + r * Math.sin(t),
          a,
          Math.min(a, halfWidth * (0.6 + 0.4 * random())),
          t + Math.PI / 2,
          NUCLEUS_INTERSTITIAL,
          0.5 / Math.max(1, r),
        );
      }
    }
  }
  return {
    count: xs.length,
    x: Float64Array.from(xs),
    y: Float64Array.from(ys),
    a: Float64Array.from(as),
    b: Float64Array.from(bs),
    angle: Float64Array.from(angles),
    bend: Float64Array.from(bends),
    kind: Uint8Array.from(kinds),
    darkness: Float32Array.from(dark),
    centralFibers,
  };
}

/**
 * Rasterises nuclei as soft, possibly bent ellipses into a hematoxylin density map (0..255), with
 * chromatin texture (granular, with darker chromocentres) from a tile. Overlaps keep the maximum.
 */
export function renderNuclei(
  nuclei: Nuclei,
  width: number,
  height: number,
  chromatin: { size: number; mask: number; data: Float32Array },
): Uint8Array {
  const out = new Uint8Array(width * height);
  const tm = chromatin.mask;
  const ts = chromatin.size;
  const td = chromatin.data;
  for (let k = 0; k < nuclei.count; k++) {
    const cx = nuclei.x[k] ?? 0;
    const cy = nuclei.y[k] ?? 0;
    const a = nuclei.a[k] ?? 1;
    const b = nuclei.b[k] ?? 1;
    const t = nuclei.angle[k] ?? 0;
    const bend = nuclei.bend[k] ?? 0;
    const dark = nuclei.darkness[k] ?? 1;
    const c = Math.cos(t);
    const s = Math.sin(t);
    const r = a + Math.abs(bend) * a * a + 2;
    const x0 = Math.max(0, Math.floor(cx - r));
    const x1 = Math.min(width - 1, Math.ceil(cx + r));
    const y0 = Math.max(0, Math.floor(cy - r));
    const y1 = Math.min(height - 1, Math.ceil(cy + r));
    const ia = 1 / a;
    const ib = 1 / b;
    // Soft rim of about 0.8 px, or 12% of the short axis for big nuclei at fine pixel sizes.
    const soft = Math.max(0.8, 0.12 * b) * ib;
    const qIn = (1 - soft) * (1 - soft);
    const qOut = (1 + soft) * (1 + soft);
    const invRim = 1 / (qOut - qIn);
    const ox = (k * 97) & tm;
    const oy = (k * 57) & tm;
    const texGain = 0.35 + 0.3 * (((k * 2654435761) >>> 0) / 4294967296);
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const dx = x + 0.5 - cx;
        const dy = y + 0.5 - cy;
        const along = dx * c + dy * s;
        const u = along * ia;
        const v = (-dx * s + dy * c - bend * along * along) * ib;
        const q = u * u + v * v;
        if (q >= qOut) continue;
        const e = q <= qIn ? 1 : (qOut - q) * invRim;
        const edge = e * e * (3 - 2 * e);
        const tex = td[((y + oy) & tm) * ts + ((x + ox) & tm)] ?? 0;
        const spot = tex > 0.68 ? (tex - 0.68) * 2.5 : 0;
        const value = 255 * dark * edge * (0.68 + 0.14 * q + texGain * (tex - 0.5) + spot);
        const i = y * width + x;
        const v8 = value > 255 ? 255 : Math.max(value, 0);
        if (v8 > (out[i] ?? 0)) out[i] = v8;
      }
    }
  }
  return out;
}
