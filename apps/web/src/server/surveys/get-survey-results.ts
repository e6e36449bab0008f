/**
 * @module surveys/get-survey-results
 * Results for owners and editors, computed on the server from stored grades.
 * Until the owner unblinds the closed survey, arms are shown as "Arm 1",
 * "Arm 2", … and no run ids are returned; afterwards, arm names and the run
 * behind each panel (for viewer links).
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { computeSurveyStatistics } from "@myoscope/core/surveys/compute-survey-statistics";
import {
  findSurvey,
  findSurveyDesign,
  listSurveyEvents,
  listSurveySections,
} from "@myoscope/db/surveys";
import { listSurveyGradesWithArms } from "@myoscope/db/surveys-grading";
import type { AppDeps } from "../deps.ts";

/** NaN and ±Infinity become null so the numbers survive JSON and CSV. */
function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export async function getSurveyResults(
  deps: Pick<AppDeps, "db">,
  input: { projectId: string; surveyId: string },
) {
  const survey = await findSurvey(deps.db, input);
  const design = await findSurveyDesign(deps.db, input);
  if (!survey || !design) throw new AppError("NOT_FOUND", "survey not found");
  const isUnblinded = survey.unblindedAt !== null;
  const [grades, events, sections] = await Promise.all([
    listSurveyGradesWithArms(deps.db, survey.id),
    listSurveyEvents(deps.db, survey.id),
    listSurveySections(deps.db, {
      projectId: input.projectId,
      sectionIds: [...new Set(design.items.map((i) => i.sectionId))],
    }),
  ]);
  const arms = design.arms.map((arm) => ({
    id: arm.id,
    label: isUnblinded ? arm.name : `Arm ${arm.position + 1}`,
  }));
  const raters = design.raters.map((r) => ({ id: r.userId, name: r.user.name || r.user.email }));
  const stats = computeSurveyStatistics({
    categories: survey.categories,
    levels: survey.scale.length,
    armIds: arms.map((a) => a.id),
    raterIds: raters.map((r) => r.id),
    grades: grades.filter((g) => g.armId !== ""),
  });
  const sectionName = new Map(sections.map((s) => [s.id, s.name]));
  const items = design.items.map((item) => ({
    id: item.id,
    position: item.position,
    sectionId: item.sectionId,
    sectionName: sectionName.get(item.sectionId) ?? "",
    roi: { x: item.x, y: item.y, width: item.width, height: item.height },
    panels: item.panels.map((p) => ({
      armId: p.armId,
      letter: isUnblinded ? p.letter : null,
      runId: isUnblinded ? p.runId : null,
    })),
    grades: grades
      .filter((g) => g.itemId === item.id)
      .map((g) => ({ raterId: g.raterId, armId: g.armId, category: g.category, grade: g.grade })),
  }));
  return {
    survey: {
      id: survey.id,
      name: survey.name,
      status: survey.status,
      categories: survey.categories,
      scale: survey.scale,
      seed: survey.seed,
      openedAt: survey.openedAt,
      closedAt: survey.closedAt,
      unblindedAt: survey.unblindedAt,
    },
    isUnblinded,
    arms,
    raters,
    counts: stats.counts,
    comparisons: stats.comparisons.map((c) => ({
      category: c.category,
      raterId: c.raterId,
      armId: c.armId,
      referenceArmId: c.referenceArmId,
      n: c.tTest.n,
      meanDifference: finiteOrNull(c.tTest.meanDifference),
      tStatistic: finiteOrNull(c.tTest.statistic),
      tPValue: finiteOrNull(c.tTest.pValue),
      wilcoxonStatistic: finiteOrNull(c.wilcoxon.statistic),
      wilcoxonPValue: finiteOrNull(c.wilcoxon.pValue),
      tPValueHolm: finiteOrNull(c.tTestPHolm),
      wilcoxonPValueHolm: finiteOrNull(c.wilcoxonPHolm),
    })),
    agreement: stats.agreement.map((a) => ({
      category: a.category,
      krippendorffAlpha: finiteOrNull(a.krippendorffAlpha),
      pairs: a.pairs.map((p) => ({
        ...p,
        kappaLinear: finiteOrNull(p.kappaLinear),
        kappaQuadratic: finiteOrNull(p.kappaQuadratic),
      })),
    })),
    items,
    events,
  };
}

export type SurveyResults = Awaited<ReturnType<typeof getSurveyResults>>;
