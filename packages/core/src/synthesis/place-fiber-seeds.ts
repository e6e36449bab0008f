/**
 * @module synthesis/place-fiber-seeds
 *
 * Fiber seeds of the power diagram (weighted Voronoi) that becomes the fiber cross-section:
 * positions, weights, fascicle membership, tissue membership, loosening, and the cracks.
 * Seeds are relaxed as soft disks whose radii follow the log-normal diameter distribution, so the
 * diagram's cells are well spaced blue-noise polygons with areas roughly proportional to weight.
 */
import { fbmNoise } from "./noise-textures.ts";
import { createRandom, hash3, randomNormal } from "./prng.ts";
import type { SynthesisParams } from "./synthesis-params.ts";

/** All per-seed geometry, in pixel units of the output image. */
export interface FiberSeeds {
  count: number;
  x: Float64Array;
  y: Float64Array;
  /** Power-diagram weight (squared radius, px²). */
  weight: Float64Array;
  fascicle: Int32Array;
  /** 1 if the seed lies inside the tissue section. */
  inTissue: Uint8Array;
  /** Extra retraction gap (px) around a loosened fiber, 0 otherwise. */
  loosen: Float32Array;
  maxWeight: number;
  /** Mean fiber radius (px) requested. */
  meanRadiusPx: number;
  tightFraction: number;
  endomysiumPx: number;
  endomysiumCv: number;
  perimysiumPx: number;
  edgeGapPx: number;
  crackCount: number;
  /** Per crack: point, unit normal, half length, width (px). */
  crackX: Float64Array;
  crackY: Float64Array;
  crackNx: Float64Array;
  crackNy: Float64Array;
  crackHalfLength: Float64Array;
  crackWidth: Float64Array;
  /** Upper bound of {@link pairGap}. */
  maxGapPx: number;
  salt: number;
}

/** Largest number of seeds (labels are 16-bit). */
export const MAX_SEEDS = 65000;

/** Endomysium part of the gap returned by the last {@link pairGap} call (px). */
export let lastEndomysiumGap = 0;

/**
 * Full width (px) of the space between fibers i and j: 0 for a tight contact, an endomysium or
 * perimysium band otherwise, widened by loosening and cracks. Deterministic in (i, j).
 */
export function pairGap(seeds: FiberSeeds, i: number, j: number): number {
  const a = Math.min(i, j);
  const b = Math.max(i, j);
  if (seeds.inTissue[a] === 0 || seeds.inTissue[b] === 0) {
    lastEndomysiumGap = seeds.edgeGapPx;
    return seeds.edgeGapPx;
  }
  const h = hash3(a, b, seeds.salt);
  let endo: number;
  if (seeds.fascicle[a] !== seeds.fascicle[b]) {
    endo = seeds.perimysiumPx * (0.55 + 0.9 * h);
  } else if (hash3(b, a, seeds.salt + 1) < seeds.tightFraction) {
    endo = 0;
  } else {
    endo = seeds.endomysiumPx * Math.max(0.15, 1 + seeds.endomysiumCv * (2 * h - 1) * 1.7);
  }
  let gap = endo + (seeds.loosen[a] ?? 0) + (seeds.loosen[b] ?? 0);
  for (let k = 0; k < seeds.crackCount; k++) {
    const px = seeds.crackX[k] ?? 0;
    const py = seeds.crackY[k] ?? 0;
    const nx = seeds.crackNx[k] ?? 0;
    const ny = seeds.crackNy[k] ?? 0;
    const xa = seeds.x[a] ?? 0;
    const ya = seeds.y[a] ?? 0;
    const xb = seeds.x[b] ?? 0;
    const yb = seeds.y[b] ?? 0;
    const sa = (xa - px) * nx + (ya - py) * ny;
    const sb = (xb - px) * nx + (yb - py) * ny;
    if (sa < 0 !== sb < 0) {
      const along = ((xa + xb) * 0.5 - px) * -ny + ((ya + yb) * 0.5 - py) * nx;
      if (Math.abs(along) < (seeds.crackHalfLength[k] ?? 0)) gap += seeds.crackWidth[k] ?? 0;
    }
  }
  lastEndomysiumGap = endo;
  return gap;
}

/** Options of {@link placeFiberSeeds}. */
export interface PlaceFiberSeedsOptions {
  width: number;
  height: number;
  seed: number;
}

/**
 * Places the seeds for one image.
 * @throws RangeError if the fibers are too small for the image (more than {@link MAX_SEEDS}).
 */
export function placeFiberSeeds(
  params: SynthesisParams,
  options: PlaceFiberSeedsOptions,
): FiberSeeds {
  const { width, height, seed } = options;
  const random = createRandom(seed, 1);
  const mpp = params.mpp;
  const dMean = params.fiberDiameterUm / mpp;
  const cv = params.fiberDiameterCv;
  const tight = params.tightContactFraction;
  const endoPx = params.endomysiumWidthUm / mpp;
  const perimysiumPx = params.perimysiumWidthUm / mpp;
  const loosenPx = params.looseningWidthUm / mpp;
  const fascicleFibers = params.fascicleFibers;
  // The gap eats into each cell: a fiber's diameter is its cell's minus the mean gap on its edges.
  const interFascicle = fascicleFibers > 0 ? Math.min(0.5, 1.2 / Math.sqrt(fascicleFibers)) : 0;
  const meanGap =
    (1 - interFascicle) * (1 - tight) * endoPx +
    interFascicle * perimysiumPx +
    2 * params.looseningFraction * loosenPx +
    // Corners cut by the rounding take area too.
    0.09 * params.cornerRounding * dMean;
  const cellMean = dMean + meanGap;
  const margin = Math.min(1.5 * cellMean * (1 + cv), 0.5 * Math.max(width, height) + cellMean);
  const x0 = -margin;
  const y0 = -margin;
  const domainW = width + 2 * margin;
  const domainH = height + 2 * margin;
  const cellArea = (Math.PI / 4) * cellMean * cellMean * (1 + cv * cv);
  const count = Math.max(3, Math.round((domainW * domainH) / cellArea));
  if (count > MAX_SEEDS) {
    throw new RangeError(
      `fiberDiameterUm ${params.fiberDiameterUm} at mpp ${mpp} gives about ${count} fibers for a ${width}×${height} image, more than ${MAX_SEEDS}`,
    );
  }
  // Log-normal diameters with the requested mean and CV, clamped to keep the diagram sane.
  const sigma2 = Math.log(1 + cv * cv);
  const mu = Math.log(dMean) - sigma2 / 2;
  const radius = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const d = Math.exp(mu + Math.sqrt(sigma2) * randomNormal(random));
    radius[i] = (Math.min(Math.max(d, 0.3 * dMean), 3.5 * dMean) + meanGap) / 2;
  }
  // Scale disks to a slightly jammed packing (covering ~1.05 of the domain) before relaxing.
  let diskArea = 0;
  for (let i = 0; i < count; i++) diskArea += Math.PI * (radius[i] ?? 0) ** 2;
  const scale = Math.sqrt((1.05 * domainW * domainH) / diskArea);
  let maxR = 0;
  for (let i = 0; i < count; i++) {
    radius[i] = (radius[i] ?? 0) * scale;
    maxR = Math.max(maxR, radius[i] ?? 0);
  }
  // Stratified start positions, then soft-disk relaxation on a uniform grid.
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  const strata = Math.ceil(Math.sqrt(count));
  const order = new Int32Array(strata * strata);
  for (let i = 0; i < order.length; i++) order[i] = i;
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = t;
  }
  for (let i = 0; i < count; i++) {
    const s = order[i] ?? 0;
    x[i] = x0 + (((s % strata) + random()) / strata) * domainW;
    y[i] = y0 + ((Math.floor(s / strata) + random()) / strata) * domainH;
  }
  relaxSeeds(x, y, radius, maxR, x0, y0, domainW, domainH, 10);

  const weight = new Float64Array(count);
  let maxWeight = 0;
  for (let i = 0; i < count; i++) {
    const r = radius[i] ?? 0;
    weight[i] = r * r;
    if (r * r > maxWeight) maxWeight = r * r;
  }

  // Fascicles: nearest of a few weighted centres, judged at a noise-displaced seed position so
  // that fascicle borders meander.
  const fascicle = new Int32Array(count);
  const fascicleCount =
    fascicleFibers > 0 ? Math.max(1, Math.round(count / Math.max(1, fascicleFibers))) : 1;
  if (fascicleCount > 1) {
    const fx = new Float64Array(fascicleCount);
    const fy = new Float64Array(fascicleCount);
    const fw = new Float64Array(fascicleCount);
    const fascicleRadius = Math.sqrt((domainW * domainH) / fascicleCount / Math.PI);
    for (let f = 0; f < fascicleCount; f++) {
      fx[f] = x0 + random() * domainW;
      fy[f] = y0 + random() * domainH;
      fw[f] = (0.6 * fascicleRadius * random()) ** 2;
    }
    for (let i = 0; i < count; i++) {
      const xi = x[i] ?? 0;
      const yi = y[i] ?? 0;
      const px = xi + 0.35 * fascicleRadius * fbmNoise(xi, yi, fascicleRadius, seed + 11);
      const py = yi + 0.35 * fascicleRadius * fbmNoise(xi, yi, fascicleRadius, seed + 12);
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      for (let f = 0; f < fascicleCount; f++) {
        const d = ((fx[f] ?? 0) - px) ** 2 + ((fy[f] ?? 0) - py) ** 2 - (fw[f] ?? 0);
        if (d < bestD) {
          bestD = d;
          best = f;
        }
      }
      fascicle[i] = best;
    }
  }

  // Tissue: a rough half-plane (section edge) holding `tissueCoverage` of the in-image seeds.
  const inTissue = new Uint8Array(count).fill(1);
  if (params.tissueCoverage < 1) {
    const angle = random() * 2 * Math.PI;
    const nx = Math.cos(angle);
    const ny = Math.sin(angle);
    const bend = (random() - 0.5) * 2;
    const size = Math.max(width, height);
    const t = new Float64Array(count);
    const inside: number[] = [];
    for (let i = 0; i < count; i++) {
      const dx = (x[i] ?? 0) - width / 2;
      const dy = (y[i] ?? 0) - height / 2;
      const along = dx * nx + dy * ny;
      const across = -dx * ny + dy * nx;
      const rough = params.tissueEdgeRoughness * 0.25 * size;
      t[i] =
        along +
        (bend * across * across) / size +
        rough * fbmNoise(dx, dy, 0.35 * size, seed + 21) +
        0.3 * rough * fbmNoise(dx, dy, 0.08 * size, seed + 22);
      const xi = x[i] ?? 0;
      const yi = y[i] ?? 0;
      if (xi >= 0 && yi >= 0 && xi < width && yi < height) inside.push(t[i] ?? 0);
    }
    inside.sort((a, b) => a - b);
    const k = Math.min(inside.length - 1, Math.floor(params.tissueCoverage * inside.length));
    const threshold = inside.length > 0 ? (inside[k] ?? 0) : 0;
    for (let i = 0; i < count; i++) inTissue[i] = (t[i] ?? 0) <= threshold ? 1 : 0;
  }

  const loosen = new Float32Array(count);
  let maxLoosen = 0;
  for (let i = 0; i < count; i++) {
    if (random() < params.looseningFraction) {
      loosen[i] = loosenPx * (0.5 + random());
      maxLoosen = Math.max(maxLoosen, loosen[i] ?? 0);
    }
  }

  const crackCount = params.crackCount;
  const crackX = new Float64Array(crackCount);
  const crackY = new Float64Array(crackCount);
  const crackNx = new Float64Array(crackCount);
  const crackNy = new Float64Array(crackCount);
  const crackHalfLength = new Float64Array(crackCount);
  const crackWidth = new Float64Array(crackCount);
  let crackTotal = 0;
  for (let k = 0; k < crackCount; k++) {
    crackX[k] = random() * width;
    crackY[k] = random() * height;
    const angle = random() * Math.PI;
    crackNx[k] = Math.cos(angle);
    crackNy[k] = Math.sin(angle);
    crackHalfLength[k] = (0.15 + 0.5 * random()) * Math.max(width, height);
    crackWidth[k] = (3 + 12 * random()) / mpp;
    crackTotal += crackWidth[k] ?? 0;
  }
  const edgeGapPx = Math.max(2, 1.5 * endoPx + 2 / mpp);
  const maxGapPx = Math.max(
    edgeGapPx,
    Math.max(perimysiumPx * 1.45, endoPx * (1 + 1.7 * params.endomysiumWidthCv)) +
      2 * maxLoosen +
      crackTotal,
  );
  return {
    count,
    x,
    y,
    weight,
    fascicle,
    inTissue,
    loosen,
    maxWeight,
    meanRadiusPx: dMean / 2,
    tightFraction: tight,
    endomysiumPx: endoPx,
    endomysiumCv: params.endomysiumWidthCv,
    perimysiumPx,
    edgeGapPx,
    crackCount,
    crackX,
    crackY,
    crackNx,
    crackNy,
    crackHalfLength,
    crackWidth,
    maxGapPx,
    salt: (seed * 7919) | 0,
  };
}

/** Pushes overlapping disks apart (each moves by half the overlap, weighted by the other's size). */
function relaxSeeds(
  x: Float64Array,
  y: Float64Array,
  radius: Float64Array,
  maxR: number,
  x0: number,
  y0: number,
  domainW: number,
  domainH: number,
  iterations: number,
): void {
  const count = x.length;
  let meanR = 0;
  for (let i = 0; i < count; i++) meanR += radius[i] ?? 0;
  meanR /= count;
  const cell = 2 * meanR;
  const cols = Math.max(1, Math.ceil(domainW / cell));
  const rows = Math.max(1, Math.ceil(domainH / cell));
  const head = new Int32Array(cols * rows);
  const next = new Int32Array(count);
  const mx = new Float64Array(count);
  const my = new Float64Array(count);
  for (let it = 0; it < iterations; it++) {
    head.fill(-1);
    for (let i = 0; i < count; i++) {
      const c = Math.min(cols - 1, Math.max(0, Math.floor(((x[i] ?? 0) - x0) / cell)));
      const r = Math.min(rows - 1, Math.max(0, Math.floor(((y[i] ?? 0) - y0) / cell)));
      next[i] = head[r * cols + c] ?? -1;
      head[r * cols + c] = i;
    }
    mx.fill(0);
    my.fill(0);
    for (let i = 0; i < count; i++) {
      const xi = x[i] ?? 0;
      const yi = y[i] ?? 0;
      const ri = radius[i] ?? 0;
      const reach = Math.ceil((ri + maxR) / cell);
      const c = Math.min(cols - 1, Math.max(0, Math.floor((xi - x0) / cell)));
      const r = Math.min(rows - 1, Math.max(0, Math.floor((yi - y0) / cell)));
      for (let rr = Math.max(0, r - reach); rr <= Math.min(rows - 1, r + reach); rr++) {
        for (let cc = Math.max(0, c - reach); cc <= Math.min(cols - 1, c + reach); cc++) {
          for (let j = head[rr * cols + cc] ?? -1; j >= 0; j = next[j] ?? -1) {
            if (j <= i) continue;
            const dx = (x[j] ?? 0) - xi;
            const dy = (y[j] ?? 0) - yi;
            const rj = radius[j] ?? 0;
            const d2 = dx * dx + dy * dy;
            const sum = ri + rj;
            if (d2 >= sum * sum) continue;
            const d = Math.sqrt(d2) + 1e-9;
            const push = (sum - d) / d;
            const share = rj / sum;
            mx[i] = (mx[i] ?? 0) - dx * push * share * 0.5;
            my[i] = (my[i] ?? 0) - dy * push * share * 0.5;
            mx[j] = (mx[j] ?? 0) + dx * push * (1 - share) * 0.5;
            my[j] = (my[j] ?? 0) + dy * push * (1 - share) * 0.5;
          }
        }
      }
    }
    for (let i = 0; i < count; i++) {
      x[i] = Math.min(x0 + domainW, Math.max(x0, (x[i] ?? 0) + (mx[i] ?? 0)));
      y[i] = Math.min(y0 + domainH, Math.max(y0, (y[i] ?? 0) + (my[i] ?? 0)));
    }
  }
}
