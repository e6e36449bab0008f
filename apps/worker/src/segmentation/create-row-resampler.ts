/**
 * @module segmentation/create-row-resampler
 * Resamples 8-bit planes (probability maps) row band by row band, so a map at model
 * resolution can be brought to the input's resolution without ever holding either
 * map whole.
 *
 * Separable triangle (linear) filter with pixel-centre alignment: output pixel o maps
 * to source coordinate (o + 0.5)·s − 0.5, s = src/dst; the filter radius is max(1, s),
 * i.e. bilinear when upsampling and an antialiased tent when downsampling (the
 * libvips "linear" kernel's definition). Edges clamp.
 */

export interface PlaneRows {
  /** First row of the band. */
  top: number;
  /** Rows in the band. */
  count: number;
  width: number;
  /** One `count · width` array per plane. */
  planes: Uint8Array[];
}

export interface RowResampler {
  /** Feeds the next source rows in order; returns the output rows they completed, if any. */
  push(rows: PlaneRows): PlaneRows | undefined;
}

interface Taps {
  /** Taps per output pixel (constant across the axis). */
  taps: number;
  /** `dst · taps` source indexes, clamped to [0, src). */
  index: Int32Array;
  /** `dst · taps` normalised weights. */
  weight: Float32Array;
}

function computeTaps(src: number, dst: number): Taps {
  const scale = src / dst;
  const radius = Math.max(1, scale);
  // The open interval (centre − radius, centre + radius) holds at most ⌈2·radius⌉ integers.
  const taps = Math.ceil(2 * radius);
  const index = new Int32Array(dst * taps);
  const weight = new Float32Array(dst * taps);
  for (let o = 0; o < dst; o++) {
    const centre = (o + 0.5) * scale - 0.5;
    const first = Math.floor(centre - radius) + 1;
    let sum = 0;
    for (let t = 0; t < taps; t++) {
      const i = first + t;
      const w = Math.max(0, 1 - Math.abs(i - centre) / radius);
      index[o * taps + t] = Math.min(src - 1, Math.max(0, i));
      weight[o * taps + t] = w;
      sum += w;
    }
    for (let t = 0; t < taps; t++) weight[o * taps + t] = (weight[o * taps + t] as number) / sum;
  }
  return { taps, index, weight };
}

function lastSourceRow(taps: Taps, o: number): number {
  let last = 0;
  for (let t = 0; t < taps.taps; t++) {
    if ((taps.weight[o * taps.taps + t] ?? 0) > 0)
      last = Math.max(last, taps.index[o * taps.taps + t] ?? 0);
  }
  return last;
}

/**
 * `out[offset + x] = round(Σ sources[t][x] · weights[t])` for x < width, summed in
 * float32 in tap order (as a Float32Array accumulator would) without a pass over one.
 * The sums are ≥ 0, and for a non-negative float32 v, `(v + 0.5) | 0` is exactly
 * `Math.round(v)` (v + 0.5 is exact in float64) at a third of its cost.
 */
function sumWeightedRows(
  sources: Float32Array[],
  weights: number[],
  out: Uint8Array,
  offset: number,
  width: number,
): void {
  const { fround } = Math;
  if (sources.length === 1) {
    const a = sources[0] as Float32Array;
    const wa = weights[0] as number;
    for (let x = 0; x < width; x++) out[offset + x] = (fround((a[x] as number) * wa) + 0.5) | 0;
    return;
  }
  if (sources.length === 2) {
    const a = sources[0] as Float32Array;
    const b = sources[1] as Float32Array;
    const wa = weights[0] as number;
    const wb = weights[1] as number;
    for (let x = 0; x < width; x++) {
      const sum = fround(fround((a[x] as number) * wa) + (b[x] as number) * wb);
      out[offset + x] = (sum + 0.5) | 0;
    }
    return;
  }
  for (let x = 0; x < width; x++) {
    let sum = 0;
    for (let t = 0; t < sources.length; t++) {
      sum = fround(sum + ((sources[t] as Float32Array)[x] as number) * (weights[t] as number));
    }
    out[offset + x] = (sum + 0.5) | 0;
  }
}

/**
 * A resampler from `srcWidth`×`srcHeight` to `dstWidth`×`dstHeight` for `planeCount`
 * planes. Identity sizes pass rows through untouched.
 */
export function createRowResampler(
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
  planeCount: number,
): RowResampler {
  for (const [name, value] of Object.entries({ srcWidth, srcHeight, dstWidth, dstHeight })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }
  if (srcWidth === dstWidth && srcHeight === dstHeight) return { push: (rows) => rows };

  const xTaps = computeTaps(srcWidth, dstWidth);
  const yTaps = computeTaps(srcHeight, dstHeight);
  // Horizontally resampled source rows still needed, keyed by source row.
  const pending = new Map<number, Float32Array[]>();
  let received = 0;
  let nextOutput = 0;

  // Rows dropped from `pending` are reused, so steady state allocates nothing.
  const spare: Float32Array[] = [];

  function resampleRow(plane: Uint8Array, offset: number): Float32Array {
    const out = spare.pop() ?? new Float32Array(dstWidth);
    const { taps, index, weight } = xTaps;
    for (let o = 0; o < dstWidth; o++) {
      let acc = 0;
      const base = o * taps;
      for (let t = 0; t < taps; t++) {
        acc +=
          (plane[offset + (index[base + t] as number)] as number) * (weight[base + t] as number);
      }
      out[o] = acc;
    }
    return out;
  }

  return {
    push(rows) {
      if (rows.top !== received) {
        throw new RangeError(
          `rows must arrive in order: expected top ${received}, got ${rows.top}`,
        );
      }
      for (let r = 0; r < rows.count; r++) {
        pending.set(
          received + r,
          rows.planes.map((plane) => resampleRow(plane, r * srcWidth)),
        );
      }
      received += rows.count;

      let ready = nextOutput;
      while (ready < dstHeight && lastSourceRow(yTaps, ready) < received) ready++;
      const count = ready - nextOutput;
      if (count === 0) return undefined;
      const planes = Array.from({ length: planeCount }, () => new Uint8Array(count * dstWidth));
      const { taps, index, weight } = yTaps;
      const sources: Float32Array[] = [];
      const sourceWeights: number[] = [];
      for (let o = nextOutput; o < ready; o++) {
        const base = o * taps;
        const rowOffset = (o - nextOutput) * dstWidth;
        for (let p = 0; p < planeCount; p++) {
          sources.length = 0;
          sourceWeights.length = 0;
          for (let t = 0; t < taps; t++) {
            const w = weight[base + t] as number;
            if (w === 0) continue;
            const source = pending.get(index[base + t] as number)?.[p];
            if (!source) throw new Error(`resampler lost source row ${index[base + t]}`);
            sources.push(source);
            sourceWeights.push(w);
          }
          sumWeightedRows(sources, sourceWeights, planes[p] as Uint8Array, rowOffset, dstWidth);
        }
      }
      const top = nextOutput;
      nextOutput = ready;
      // Source rows below the first tap of the next output row are no longer needed.
      const keepFrom =
        nextOutput < dstHeight
          ? (yTaps.index[nextOutput * yTaps.taps] ?? 0)
          : Number.POSITIVE_INFINITY;
      for (const [key, rows] of pending) {
        if (key >= keepFrom) continue;
        spare.push(...rows);
        pending.delete(key);
      }
      return { top, count, width: dstWidth, planes };
    },
  };
}
