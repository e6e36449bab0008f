/**
 * @module cohort/compute-reference-stats
 * µ and σ of the reference group per region, as the paper's abnormality rule
 * needs them (|d − µ_WT,region| > 2σ_WT,region): pooled over every fiber of the
 * reference sections, from the exact per-section sums (n, Σd, Σd²), not from
 * histograms. σ is the sample standard deviation (n − 1).
 */
import type { CohortSectionInput, CohortSummaryInput, ReferenceStats } from "./cohort-types.ts";

export interface ReferenceStatsOptions {
  /**
   * The rule's multiple of σ.
   * @default 2
   */
  k?: number;
}

export function computeReferenceStats(
  sections: readonly CohortSectionInput[],
  summaries: readonly CohortSummaryInput[],
  referenceGroup: string,
  options: ReferenceStatsOptions = {},
): ReferenceStats[] {
  const k = options.k ?? 2;
  if (!(k > 0) || !Number.isFinite(k))
    throw new RangeError(`k must be a positive number, got ${k}`);
  const referenceIds = new Set(
    sections.filter((s) => s.group === referenceGroup).map((s) => s.sectionId),
  );
  const pooled = new Map<string, { n: number; s: number; ss: number; sections: number }>();
  for (const row of summaries) {
    if (!referenceIds.has(row.sectionId) || row.fiberCount === 0) continue;
    const acc = pooled.get(row.region) ?? { n: 0, s: 0, ss: 0, sections: 0 };
    acc.n += row.fiberCount;
    acc.s += row.sumMinFeretUm;
    acc.ss += row.sumSqMinFeretUm;
    acc.sections += 1;
    pooled.set(row.region, acc);
  }
  return [...pooled.entries()]
    .filter(([, acc]) => acc.n >= 2)
    .map(([region, acc]) => {
      const meanUm = acc.s / acc.n;
      // Σ(d − µ)² = Σd² − n·µ²; clamp the rounding error of nearly constant data.
      const stdUm = Math.sqrt(Math.max(0, (acc.ss - acc.n * meanUm * meanUm) / (acc.n - 1)));
      return {
        region,
        fiberCount: acc.n,
        sectionCount: acc.sections,
        meanUm,
        stdUm,
        lo: meanUm - k * stdUm,
        hi: meanUm + k * stdUm,
      };
    })
    .sort((a, b) => a.region.localeCompare(b.region));
}
