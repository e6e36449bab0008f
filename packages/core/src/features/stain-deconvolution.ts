/**
 * @module features/stain-deconvolution
 * Colour deconvolution of brightfield RGB into stain optical densities
 * (Ruifrok & Johnston, Anal Quant Cytol Histol 2001), set up exactly as
 * G. Landini's ImageJ "Colour Deconvolution" plugin sets up its "H&E" vectors:
 * the two stain vectors normalised, the third completed to unit length per
 * channel, the 3×3 matrix inverted. Landini's 8-bit output is the transmittance
 * `255·10^(−OD)`; here the optical density OD (base 10) itself is returned, with
 * the plugin's `(I + 1)/255` log transform.
 */

/** Ruifrok–Johnston H&E stain vectors (RGB optical density), as in the ImageJ plugin. */
export const HE_STAIN_VECTORS: readonly (readonly [number, number, number])[] = [
  [0.644211, 0.716556, 0.266844],
  [0.092789, 0.954111, 0.283111],
];

/**
 * Returns `q`, 3×3 row-major, such that stain s's OD is
 * `q[3s]·OD_R + q[3s+1]·OD_G + q[3s+2]·OD_B`.
 */
export function createStainDeconvolution(
  stains: readonly (readonly [number, number, number])[] = HE_STAIN_VECTORS,
): Float64Array {
  if (stains.length < 2 || stains.length > 3) {
    throw new RangeError(`stains must list 2 or 3 vectors, got ${stains.length}`);
  }
  const m: number[][] = [];
  for (let s = 0; s < 3; s++) {
    const v = stains[s] ?? [0, 0, 0];
    const length = Math.hypot(v[0], v[1], v[2]);
    m.push(length === 0 ? [0, 0, 0] : [v[0] / length, v[1] / length, v[2] / length]);
  }
  const [m0, m1, m2] = m as [number[], number[], number[]];
  if (!m2.some((c) => c !== 0)) {
    for (let c = 0; c < 3; c++) {
      const sq = (m0[c] as number) ** 2 + (m1[c] as number) ** 2;
      m2[c] = sq > 1 ? 0 : Math.sqrt(1 - sq);
    }
    const length = Math.hypot(m2[0] as number, m2[1] as number, m2[2] as number);
    for (let c = 0; c < 3; c++) m2[c] = (m2[c] as number) / length;
  }
  // The plugin avoids exact zeros before inverting.
  for (const row of m) for (let c = 0; c < 3; c++) if (row[c] === 0) row[c] = 0.001;

  const a = (r: number, c: number) => (m[r] as number[])[c] as number;
  const det =
    a(0, 0) * (a(1, 1) * a(2, 2) - a(1, 2) * a(2, 1)) -
    a(0, 1) * (a(1, 0) * a(2, 2) - a(1, 2) * a(2, 0)) +
    a(0, 2) * (a(1, 0) * a(2, 1) - a(1, 1) * a(2, 0));
  if (Math.abs(det) < 1e-12) throw new RangeError("stains must be linearly independent");
  // OD_rgb = conc · M, so conc = OD_rgb · M⁻¹ and q[s][c] = M⁻¹[c][s].
  const inv = (r: number, c: number) => {
    const r1 = (r + 1) % 3;
    const r2 = (r + 2) % 3;
    const c1 = (c + 1) % 3;
    const c2 = (c + 2) % 3;
    return (a(c1, r1) * a(c2, r2) - a(c1, r2) * a(c2, r1)) / det;
  };
  const q = new Float64Array(9);
  for (let s = 0; s < 3; s++) for (let c = 0; c < 3; c++) q[3 * s + c] = inv(c, s);
  return q;
}

/** `−log10((I + 1)/255)` for I = 0…255, the plugin's per-channel optical density. */
export function createOpticalDensityTable(): Float64Array {
  const table = new Float64Array(256);
  for (let i = 0; i < 256; i++) table[i] = -Math.log10((i + 1) / 255);
  return table;
}
