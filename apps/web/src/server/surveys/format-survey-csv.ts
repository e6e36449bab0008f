/**
 * @module surveys/format-survey-csv
 * CSV exports of a survey's results (RFC 4180 quoting). Run ids appear only
 * once the survey is unblinded, as in the results themselves.
 */
import type { SurveyResults } from "./get-survey-results.ts";

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return `${rows.map((row) => row.map(cell).join(",")).join("\n")}\n`;
}

export function formatSurveyGradesCsv(results: SurveyResults): string {
  const arm = new Map(results.arms.map((a) => [a.id, a.label]));
  const rater = new Map(results.raters.map((r) => [r.id, r.name]));
  const rows: (string | number | null)[][] = [
    [
      "item_id",
      "item_position",
      "section_id",
      "section",
      "roi_x",
      "roi_y",
      "roi_width",
      "roi_height",
      "rater",
      "arm",
      "letter",
      "run_id",
      "category",
      "grade",
      "grade_label",
    ],
  ];
  for (const item of results.items) {
    for (const g of item.grades) {
      const panel = item.panels.find((p) => p.armId === g.armId);
      rows.push([
        item.id,
        item.position + 1,
        item.sectionId,
        item.sectionName,
        item.roi.x,
        item.roi.y,
        item.roi.width,
        item.roi.height,
        rater.get(g.raterId) ?? g.raterId,
        arm.get(g.armId) ?? "",
        results.isUnblinded ? (panel?.letter ?? "") : "",
        panel?.runId ?? "",
        g.category,
        g.grade,
        results.survey.scale[g.grade - 1] ?? "",
      ]);
    }
  }
  return toCsv(rows);
}

export function formatSurveyStatisticsCsv(results: SurveyResults): string {
  const arm = new Map(results.arms.map((a) => [a.id, a.label]));
  const rater = new Map(results.raters.map((r) => [r.id, r.name]));
  const rows: (string | number | null)[][] = [
    [
      "statistic",
      "category",
      "rater",
      "arm",
      "reference_arm",
      "n",
      "mean_difference",
      "value",
      "p_value",
      "p_value_holm",
    ],
  ];
  for (const c of results.comparisons) {
    const common = [
      c.category,
      rater.get(c.raterId) ?? c.raterId,
      arm.get(c.armId) ?? "",
      arm.get(c.referenceArmId) ?? "",
      c.n,
      c.meanDifference,
    ];
    rows.push(["paired_t", ...common, c.tStatistic, c.tPValue, c.tPValueHolm]);
    rows.push([
      "wilcoxon_signed_rank",
      ...common,
      c.wilcoxonStatistic,
      c.wilcoxonPValue,
      c.wilcoxonPValueHolm,
    ]);
  }
  for (const a of results.agreement) {
    rows.push([
      "krippendorff_alpha_ordinal",
      a.category,
      "all",
      "",
      "",
      "",
      "",
      a.krippendorffAlpha,
      "",
      "",
    ]);
    for (const p of a.pairs) {
      const raters = `${rater.get(p.raterA) ?? p.raterA} vs ${rater.get(p.raterB) ?? p.raterB}`;
      rows.push(["kappa_linear", a.category, raters, "", "", p.n, "", p.kappaLinear, "", ""]);
      rows.push(["kappa_quadratic", a.category, raters, "", "", p.n, "", p.kappaQuadratic, "", ""]);
    }
  }
  for (const c of results.counts) {
    rows.push([
      "grade_counts",
      c.category,
      rater.get(c.raterId) ?? c.raterId,
      arm.get(c.armId) ?? "",
      "",
      c.counts.total,
      "",
      c.counts.counts.join(" "),
      "",
      "",
    ]);
  }
  return toCsv(rows);
}
