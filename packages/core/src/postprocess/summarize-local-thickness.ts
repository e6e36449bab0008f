/**
 * @module postprocess/summarize-local-thickness
 * Mean, maximum and histogram of a local-thickness map over its foreground,
 * the numbers behind the paper's Fig. 6c (mean local thickness of the
 * connective tissue per section).
 */

export interface LocalThicknessSummary {
  /** Pixels measured (thickness > 0). */
  pixelCount: number;
  /** Mean thickness over those pixels in µm; 0 when there are none. */
  meanUm: number;
  maxUm: number;
  /** counts[k] = pixels with thickness in [k·binWidthUm, (k + 1)·binWidthUm). */
  histogram: { binWidthUm: number; counts: number[] };
}

export interface LocalThicknessSummarizer {
  /** Adds the positive values of a part of the map (parts in raster order). */
  add(thicknessUm: Float32Array): void;
  finish(): LocalThicknessSummary;
}

/**
 * Summarises a map that arrives in parts (the tiled post-processing's bands);
 * parts added in raster order give exactly `summarizeLocalThickness` of the whole.
 */
export function createLocalThicknessSummarizer(binWidthUm: number): LocalThicknessSummarizer {
  if (!(binWidthUm > 0)) throw new RangeError(`binWidthUm must be > 0, got ${String(binWidthUm)}`);
  let pixelCount = 0;
  let sum = 0;
  let maxUm = 0;
  const counts: number[] = [];
  return {
    add(thicknessUm) {
      for (let i = 0; i < thicknessUm.length; i++) {
        const value = thicknessUm[i] as number;
        if (!(value > 0)) continue;
        pixelCount++;
        sum += value;
        if (value > maxUm) maxUm = value;
        if (value === Number.POSITIVE_INFINITY) continue;
        const bin = Math.floor(value / binWidthUm);
        while (counts.length <= bin) counts.push(0);
        counts[bin] = (counts[bin] as number) + 1;
      }
    },
    finish: () => ({
      pixelCount,
      meanUm: pixelCount === 0 ? 0 : sum / pixelCount,
      maxUm,
      histogram: { binWidthUm, counts: counts.slice() },
    }),
  };
}

/** Summarises the positive values of `thicknessUm` in one pass. */
export function summarizeLocalThickness(
  thicknessUm: Float32Array,
  binWidthUm: number,
): LocalThicknessSummary {
  const summarizer = createLocalThicknessSummarizer(binWidthUm);
  summarizer.add(thicknessUm);
  return summarizer.finish();
}
