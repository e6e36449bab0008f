/**
 * @module cohort/compare-groups
 * Group comparison on per-section values (one value per section, never pooled
 * fibers, which would inflate n a thousandfold): Welch's t-test, Mann–Whitney U,
 * Hedges' g and Cliff's delta of group B against group A.
 */
import { computeCliffsDelta, computeHedgesG } from "../statistics/effect-sizes.ts";
import { computeMannWhitneyU } from "../statistics/mann-whitney-u.ts";
import { computeWelchTTest } from "../statistics/welch-t-test.ts";

export interface GroupComparison {
  nA: number;
  nB: number;
  meanA: number;
  meanB: number;
  welchT: number;
  welchDf: number;
  welchP: number;
  mannWhitneyU: number;
  mannWhitneyP: number;
  mannWhitneyMethod: "exact" | "asymptotic";
  /** Of B versus A: negative when B is smaller. */
  hedgesG: number;
  cliffsDelta: number;
}

const mean = (v: readonly number[]) =>
  v.length ? v.reduce((s, x) => s + x, 0) / v.length : Number.NaN;

/** Compares per-section values of group B with group A. */
export function compareGroups(a: readonly number[], b: readonly number[]): GroupComparison {
  const welch = computeWelchTTest(b, a);
  const mw = computeMannWhitneyU(b, a);
  return {
    nA: a.length,
    nB: b.length,
    meanA: mean(a),
    meanB: mean(b),
    welchT: welch.statistic,
    welchDf: welch.df,
    welchP: welch.pValue,
    mannWhitneyU: mw.statistic,
    mannWhitneyP: mw.pValue,
    mannWhitneyMethod: mw.method,
    hedgesG: computeHedgesG(b, a),
    cliffsDelta: computeCliffsDelta(b, a),
  };
}
