/**
 * @module surveys/compute-survey-statistics
 * Everything the results page shows, from raw grades: grade counts per
 * category × rater × arm (diverging stacked bars), paired t-test and Wilcoxon
 * signed-rank per category × rater for each arm against the first arm (pairs =
 * ROIs graded for both; with more than two arms their p-values also Holm-adjusted
 * within each category × rater), and inter-rater agreement per category (weighted kappa
 * for every rater pair, Krippendorff's ordinal alpha over all raters; units =
 * ROI × arm).
 */
import { adjustPValuesHolm } from "../statistics/adjust-p-values-holm.ts";
import { countGrades, type GradeCounts } from "../statistics/count-grades.ts";
import { computeKrippendorffAlphaOrdinal } from "../statistics/krippendorff-alpha.ts";
import { computePairedTTest, type PairedTestResult } from "../statistics/paired-t-test.ts";
import { computeWeightedKappa } from "../statistics/weighted-kappa.ts";
import { computeWilcoxonSignedRank } from "../statistics/wilcoxon-signed-rank.ts";

export interface SurveyGradeRecord {
  itemId: string;
  raterId: string;
  armId: string;
  category: string;
  grade: number;
}

export interface SurveyStatisticsInput {
  categories: readonly string[];
  /** Number of scale levels; grades are 1..levels. */
  levels: number;
  /** Arm ids in display order; the first is the reference of the paired tests. */
  armIds: readonly string[];
  raterIds: readonly string[];
  grades: readonly SurveyGradeRecord[];
}

export interface SurveyComparison {
  category: string;
  raterId: string;
  armId: string;
  referenceArmId: string;
  tTest: PairedTestResult;
  wilcoxon: PairedTestResult;
  /**
   * Holm-adjusted p-values over the arms compared with the reference for this category
   * and rater (equal to the raw ones with two arms).
   */
  tTestPHolm: number;
  wilcoxonPHolm: number;
}

export interface SurveyAgreement {
  category: string;
  /** Over all raters; NaN with fewer than two raters or no variation. */
  krippendorffAlpha: number;
  pairs: {
    raterA: string;
    raterB: string;
    n: number;
    kappaLinear: number;
    kappaQuadratic: number;
  }[];
}

export interface SurveyStatistics {
  counts: { category: string; raterId: string; armId: string; counts: GradeCounts }[];
  comparisons: SurveyComparison[];
  agreement: SurveyAgreement[];
}

export function computeSurveyStatistics(input: SurveyStatisticsInput): SurveyStatistics {
  const { categories, levels, armIds, raterIds } = input;
  const byKey = new Map<string, number>();
  const itemIds = new Set<string>();
  input.grades.forEach((g, i) => {
    if (!Number.isInteger(g.grade) || g.grade < 1 || g.grade > levels) {
      throw new RangeError(`grades[${i}].grade must be an integer in 1..${levels}, got ${g.grade}`);
    }
    byKey.set(`${g.category}\u0000${g.raterId}\u0000${g.armId}\u0000${g.itemId}`, g.grade);
    itemIds.add(g.itemId);
  });
  const items = [...itemIds].sort();
  const get = (category: string, raterId: string, armId: string, itemId: string) =>
    byKey.get(`${category}\u0000${raterId}\u0000${armId}\u0000${itemId}`);

  const counts: SurveyStatistics["counts"] = [];
  const comparisons: SurveyComparison[] = [];
  const agreement: SurveyAgreement[] = [];
  const referenceArmId = armIds[0];
  for (const category of categories) {
    for (const raterId of raterIds) {
      for (const armId of armIds) {
        const values = items
          .map((itemId) => get(category, raterId, armId, itemId))
          .filter((v): v is number => v !== undefined);
        counts.push({ category, raterId, armId, counts: countGrades(values, levels) });
      }
      if (referenceArmId === undefined) continue;
      const family: SurveyComparison[] = [];
      for (const armId of armIds.slice(1)) {
        const x: number[] = [];
        const y: number[] = [];
        for (const itemId of items) {
          const a = get(category, raterId, armId, itemId);
          const b = get(category, raterId, referenceArmId, itemId);
          if (a !== undefined && b !== undefined) {
            x.push(a);
            y.push(b);
          }
        }
        const tTest = computePairedTTest(x, y);
        const wilcoxon = computeWilcoxonSignedRank(x, y);
        family.push({
          category,
          raterId,
          armId,
          referenceArmId,
          tTest,
          wilcoxon,
          tTestPHolm: tTest.pValue,
          wilcoxonPHolm: wilcoxon.pValue,
        });
      }
      // Each category × rater is one family: its arms against the reference.
      const tHolm = adjustPValuesHolm(family.map((c) => c.tTest.pValue));
      const wilcoxonHolm = adjustPValuesHolm(family.map((c) => c.wilcoxon.pValue));
      family.forEach((comparison, k) => {
        comparison.tTestPHolm = tHolm[k] as number;
        comparison.wilcoxonPHolm = wilcoxonHolm[k] as number;
        comparisons.push(comparison);
      });
    }
    const units = items.flatMap((itemId) =>
      armIds.map((armId) =>
        raterIds.map((raterId) => get(category, raterId, armId, itemId) ?? null),
      ),
    );
    const pairs: SurveyAgreement["pairs"] = [];
    for (let i = 0; i < raterIds.length; i++) {
      for (let j = i + 1; j < raterIds.length; j++) {
        const a: number[] = [];
        const b: number[] = [];
        for (const unit of units) {
          const va = unit[i];
          const vb = unit[j];
          if (va != null && vb != null) {
            a.push(va);
            b.push(vb);
          }
        }
        pairs.push({
          raterA: raterIds[i] ?? "",
          raterB: raterIds[j] ?? "",
          n: a.length,
          kappaLinear: computeWeightedKappa(a, b, levels, { weights: "linear" }),
          kappaQuadratic: computeWeightedKappa(a, b, levels, { weights: "quadratic" }),
        });
      }
    }
    agreement.push({
      category,
      krippendorffAlpha:
        raterIds.length < 2 ? Number.NaN : computeKrippendorffAlphaOrdinal(units, levels),
      pairs,
    });
  }
  return { counts, comparisons, agreement };
}
