/**
 * @module cohort/build-cohort-dashboard
 * Turns a project's per-section summaries into everything the cohort dashboard
 * shows: per-section and per-subject tables, reference µ/σ and abnormal-fiber
 * fractions, merged distributions, group comparisons and LOSO separability.
 * Pure: the caller fetches the rows (a few hundred) from Postgres.
 */
import {
  computeHistogramQuantile,
  countHistogramTails,
  mergeHistograms,
} from "../statistics/histogram-quantiles.ts";
import { computeLeaveOneSubjectOutAccuracy } from "../statistics/linear-separability.ts";
import type { CohortSectionInput, CohortSummaryInput, ReferenceStats } from "./cohort-types.ts";
import { compareGroups, type GroupComparison } from "./compare-groups.ts";
import { computeReferenceStats } from "./compute-reference-stats.ts";

export interface CohortDashboardOptions {
  /** Group whose fibers define µ and σ; "" or unknown = a group named "WT", else the first alphabetically. */
  referenceGroup?: string;
  /**
   * Abnormal when |d − µ_ref,region| > k·σ_ref,region.
   * @default 2
   */
  k?: number;
  /**
   * Histogram bin width in µm.
   * @default 0.5
   */
  binWidthUm?: number;
}

export interface CohortSectionRow {
  sectionId: string;
  sectionName: string;
  subjectId: string;
  subjectIdentifier: string;
  group: string;
  runId: string;
  region: string;
  fiberCount: number;
  meanUm: number | null;
  stdUm: number | null;
  /** Coefficient of variation std/mean. */
  cv: number | null;
  medianUm: number | null;
  muscleAreaUm2: number | null;
  connectiveFraction: number | null;
  connectiveThicknessMeanUm: number | null;
  /** Fractions of the region's fibers below lo / above hi (null without reference). */
  smallFraction: number | null;
  largeFraction: number | null;
  abnormalFraction: number | null;
  lo: number | null;
  hi: number | null;
}

export interface CohortSubjectRow {
  subjectId: string;
  subjectIdentifier: string;
  group: string;
  region: string;
  sectionCount: number;
  fiberCount: number;
  /** Pooled over the subject's fibers. */
  meanUm: number | null;
  stdUm: number | null;
  /** Means over the subject's sections. */
  connectiveFraction: number | null;
  connectiveThicknessMeanUm: number | null;
  abnormalFraction: number | null;
}

export interface CohortDistribution {
  group: string;
  region: string;
  sectionCount: number;
  fiberCount: number;
  /** Counts per bin from 0 µm, trailing empty bins dropped. */
  histogram: number[];
  q25Um: number;
  medianUm: number;
  q75Um: number;
}

export const COMPARED_FEATURES = [
  "meanUm",
  "stdUm",
  "cv",
  "connectiveFraction",
  "connectiveThicknessMeanUm",
  "abnormalFraction",
] as const;
export type ComparedFeature = (typeof COMPARED_FEATURES)[number];

export interface CohortComparison extends GroupComparison {
  region: string;
  feature: ComparedFeature;
  groupA: string;
  groupB: string;
}

export interface CohortSeparability {
  region: string;
  groupA: string;
  groupB: string;
  /** "diameter" = (mean, std) of MinFeret as Fig. 6b; "connective" = mean local thickness as Fig. 6c. */
  featureSet: "diameter" | "connective";
  accuracy: number;
  correct: number;
  total: number;
  folds: number;
}

export interface CohortDashboard {
  groups: string[];
  regions: string[];
  referenceGroup: string | null;
  k: number;
  binWidthUm: number;
  reference: ReferenceStats[];
  sections: CohortSectionRow[];
  subjects: CohortSubjectRow[];
  distributions: CohortDistribution[];
  comparisons: CohortComparison[];
  separability: CohortSeparability[];
}

function average(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length ? present.reduce((s, v) => s + v, 0) / present.length : null;
}

function trimTrailingZeros(histogram: readonly number[]): number[] {
  let end = histogram.length;
  while (end > 0 && histogram[end - 1] === 0) end--;
  return histogram.slice(0, end);
}

function pooledStd(n: number, sum: number, sumSq: number): number | null {
  if (n < 2) return null;
  const mean = sum / n;
  return Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1)));
}

export function buildCohortDashboard(
  sections: readonly CohortSectionInput[],
  summaries: readonly CohortSummaryInput[],
  options: CohortDashboardOptions = {},
): CohortDashboard {
  const k = options.k ?? 2;
  const binWidthUm = options.binWidthUm ?? 0.5;
  const groups = [...new Set(sections.map((s) => s.group))].sort();
  // Wild type is the paper's reference; without one named so, the first group.
  const wildType = groups.find((g) => /^(wt|wild[ -]?type)$/i.test(g.trim()));
  const referenceGroup =
    options.referenceGroup && groups.includes(options.referenceGroup)
      ? options.referenceGroup
      : (wildType ?? groups[0] ?? null);
  const regions = [...new Set(summaries.map((s) => s.region))].sort();
  const reference =
    referenceGroup === null
      ? []
      : computeReferenceStats(sections, summaries, referenceGroup, { k });
  const referenceByRegion = new Map(reference.map((r) => [r.region, r]));
  const sectionById = new Map(sections.map((s) => [s.sectionId, s]));

  const sectionRows: CohortSectionRow[] = [];
  const abnormalCounts = new Map<CohortSectionRow, number>();
  for (const row of summaries) {
    const section = sectionById.get(row.sectionId);
    if (!section) continue;
    const ref = referenceByRegion.get(row.region);
    const tails =
      ref && row.fiberCount > 0
        ? countHistogramTails(row.histogram, ref.lo, Math.max(ref.lo, ref.hi), {
            binWidth: binWidthUm,
          })
        : null;
    const out: CohortSectionRow = {
      sectionId: section.sectionId,
      sectionName: section.sectionName,
      subjectId: section.subjectId,
      subjectIdentifier: section.subjectIdentifier,
      group: section.group,
      runId: row.runId,
      region: row.region,
      fiberCount: row.fiberCount,
      meanUm: row.meanMinFeretUm,
      stdUm: row.stdMinFeretUm,
      cv:
        row.meanMinFeretUm && row.stdMinFeretUm !== null
          ? row.stdMinFeretUm / row.meanMinFeretUm
          : null,
      medianUm:
        row.fiberCount > 0
          ? computeHistogramQuantile(row.histogram, 0.5, { binWidth: binWidthUm })
          : null,
      muscleAreaUm2: row.muscleAreaUm2,
      connectiveFraction: row.connectiveFraction,
      connectiveThicknessMeanUm: row.connectiveThicknessMeanUm,
      smallFraction: tails ? tails.below / row.fiberCount : null,
      largeFraction: tails ? tails.above / row.fiberCount : null,
      abnormalFraction: tails ? (tails.below + tails.above) / row.fiberCount : null,
      lo: ref?.lo ?? null,
      hi: ref?.hi ?? null,
    };
    if (tails) abnormalCounts.set(out, tails.below + tails.above);
    sectionRows.push(out);
  }

  const subjectRows: CohortSubjectRow[] = [];
  const bySubject = new Map<string, CohortSectionRow[]>();
  for (const row of sectionRows) {
    const key = `${row.subjectId}\u0000${row.region}`;
    bySubject.set(key, [...(bySubject.get(key) ?? []), row]);
  }
  const summaryOf = new Map(summaries.map((s) => [`${s.sectionId}\u0000${s.region}`, s]));
  for (const rows of bySubject.values()) {
    const first = rows[0];
    if (!first) continue;
    let n = 0;
    let sum = 0;
    let sumSq = 0;
    let abnormal = 0;
    let abnormalN = 0;
    for (const row of rows) {
      const s = summaryOf.get(`${row.sectionId}\u0000${row.region}`);
      n += s?.fiberCount ?? 0;
      sum += s?.sumMinFeretUm ?? 0;
      sumSq += s?.sumSqMinFeretUm ?? 0;
      const count = abnormalCounts.get(row);
      if (count !== undefined) {
        abnormal += count;
        abnormalN += row.fiberCount;
      }
    }
    subjectRows.push({
      subjectId: first.subjectId,
      subjectIdentifier: first.subjectIdentifier,
      group: first.group,
      region: first.region,
      sectionCount: rows.length,
      fiberCount: n,
      meanUm: n > 0 ? sum / n : null,
      stdUm: pooledStd(n, sum, sumSq),
      connectiveFraction: average(rows.map((r) => r.connectiveFraction)),
      connectiveThicknessMeanUm: average(rows.map((r) => r.connectiveThicknessMeanUm)),
      abnormalFraction: abnormalN > 0 ? abnormal / abnormalN : null,
    });
  }

  // Merged per group and region in JS: a few hundred 240-bin arrays, cheaper than in SQL.
  const byGroupRegion = new Map<string, CohortSectionRow[]>();
  for (const row of sectionRows) {
    if (row.fiberCount === 0) continue;
    const key = `${row.group}\u0000${row.region}`;
    byGroupRegion.set(key, [...(byGroupRegion.get(key) ?? []), row]);
  }
  const distributions: CohortDistribution[] = [...byGroupRegion.values()].flatMap((rows) => {
    const first = rows[0];
    if (!first) return [];
    const histogram = mergeHistograms(
      rows.map((r) => summaryOf.get(`${r.sectionId}\u0000${r.region}`)?.histogram ?? []),
    );
    return [
      {
        group: first.group,
        region: first.region,
        sectionCount: rows.length,
        fiberCount: rows.reduce((s, r) => s + r.fiberCount, 0),
        histogram: trimTrailingZeros(histogram),
        q25Um: computeHistogramQuantile(histogram, 0.25, { binWidth: binWidthUm }),
        medianUm: computeHistogramQuantile(histogram, 0.5, { binWidth: binWidthUm }),
        q75Um: computeHistogramQuantile(histogram, 0.75, { binWidth: binWidthUm }),
      },
    ];
  });
  distributions.sort((a, b) => a.group.localeCompare(b.group) || a.region.localeCompare(b.region));

  const comparisons: CohortComparison[] = [];
  const separability: CohortSeparability[] = [];
  if (referenceGroup !== null) {
    for (const region of regions) {
      const inRegion = sectionRows.filter((r) => r.region === region && r.fiberCount > 0);
      const a = inRegion.filter((r) => r.group === referenceGroup);
      for (const groupB of groups.filter((g) => g !== referenceGroup)) {
        const b = inRegion.filter((r) => r.group === groupB);
        if (a.length === 0 || b.length === 0) continue;
        for (const feature of COMPARED_FEATURES) {
          const values = (rows: CohortSectionRow[]) =>
            rows
              .map((r) => r[feature])
              .filter((v): v is number => v !== null && Number.isFinite(v));
          const va = values(a);
          const vb = values(b);
          if (va.length === 0 || vb.length === 0) continue;
          comparisons.push({
            region,
            feature,
            groupA: referenceGroup,
            groupB,
            ...compareGroups(va, vb),
          });
        }
        const both = [...a, ...b];
        const featureSets = [
          ["diameter", (r: CohortSectionRow) => [r.meanUm, r.stdUm]],
          ["connective", (r: CohortSectionRow) => [r.connectiveThicknessMeanUm]],
        ] as const;
        for (const [featureSet, pick] of featureSets) {
          const usable = both.filter((r) => pick(r).every((v) => v !== null && Number.isFinite(v)));
          if (usable.length < 2 || new Set(usable.map((r) => r.subjectId)).size < 2) continue;
          const result = computeLeaveOneSubjectOutAccuracy(
            usable.map((r) => ({
              subjectId: r.subjectId,
              label: r.group === referenceGroup ? 0 : 1,
              features: pick(r).map((v) => v ?? 0),
            })),
          );
          separability.push({
            region,
            groupA: referenceGroup,
            groupB,
            featureSet,
            accuracy: result.accuracy,
            correct: result.correct,
            total: result.total,
            folds: result.folds,
          });
        }
      }
    }
  }

  return {
    groups,
    regions,
    referenceGroup,
    k,
    binWidthUm,
    reference,
    sections: sectionRows,
    subjects: subjectRows,
    distributions,
    comparisons,
    separability,
  };
}
