/**
 * @module docs/deconvolve-he
 * Colour deconvolution of RGB H&E images into hematoxylin and eosin optical
 * densities, after Ruifrok & Johnston, "Quantification of histochemical
 * staining by color deconvolution", Anal. Quant. Cytol. Histol. 23:291 (2001),
 * with their H&E stain vectors (as in ImageJ's Colour Deconvolution plugin).
 * The third vector is the normalised cross product, so residual colour that is
 * neither H nor E does not leak into the two channels we measure.
 */

const HEMATOXYLIN = [0.65, 0.704, 0.286] as const;
const EOSIN = [0.072, 0.99, 0.105] as const;

function normalize(v: readonly number[]): [number, number, number] {
  const length = Math.hypot(v[0] ?? 0, v[1] ?? 0, v[2] ?? 0);
  return [(v[0] ?? 0) / length, (v[1] ?? 0) / length, (v[2] ?? 0) / length];
}

function invert3(m: number[][]): number[][] {
  const [a, b, c] = m as [number[], number[], number[]];
  const [a0 = 0, a1 = 0, a2 = 0] = a;
  const [b0 = 0, b1 = 0, b2 = 0] = b;
  const [c0 = 0, c1 = 0, c2 = 0] = c;
  const det = a0 * (b1 * c2 - b2 * c1) - a1 * (b0 * c2 - b2 * c0) + a2 * (b0 * c1 - b1 * c0);
  return [
    [(b1 * c2 - b2 * c1) / det, (a2 * c1 - a1 * c2) / det, (a1 * b2 - a2 * b1) / det],
    [(b2 * c0 - b0 * c2) / det, (a0 * c2 - a2 * c0) / det, (a2 * b0 - a0 * b2) / det],
    [(b0 * c1 - b1 * c0) / det, (a1 * c0 - a0 * c1) / det, (a0 * b1 - a1 * b0) / det],
  ];
}

const h = normalize(HEMATOXYLIN);
const e = normalize(EOSIN);
const residual = normalize([
  h[1] * e[2] - h[2] * e[1],
  h[2] * e[0] - h[0] * e[2],
  h[0] * e[1] - h[1] * e[0],
]);
// OD (row vector) = concentrations · M, with the stain vectors as the rows of M.
const UNMIX = invert3([h, e, residual]);

export interface HeDensities {
  /** Hematoxylin optical density per pixel. */
  h: Float32Array;
  /** Eosin optical density per pixel. */
  e: Float32Array;
  /** Total optical density (sum over R, G, B) per pixel; near 0 on empty slide. */
  total: Float32Array;
}

/** H and E optical densities of an interleaved RGB (or RGBA with `channels` 4) image. */
export function deconvolveHe(data: Uint8Array, pixelCount: number, channels = 3): HeDensities {
  const odOf = new Float32Array(256);
  for (let v = 0; v < 256; v++) odOf[v] = -Math.log10(Math.max(v, 1) / 255);
  const out = {
    h: new Float32Array(pixelCount),
    e: new Float32Array(pixelCount),
    total: new Float32Array(pixelCount),
  };
  const [[m00 = 0, m01 = 0], [m10 = 0, m11 = 0], [m20 = 0, m21 = 0]] = UNMIX as [
    number[],
    number[],
    number[],
  ];
  for (let i = 0, p = 0; i < pixelCount; i++, p += channels) {
    const r = odOf[data[p] as number] as number;
    const g = odOf[data[p + 1] as number] as number;
    const b = odOf[data[p + 2] as number] as number;
    out.h[i] = r * m00 + g * m10 + b * m20;
    out.e[i] = r * m01 + g * m11 + b * m21;
    out.total[i] = r + g + b;
  }
  return out;
}
