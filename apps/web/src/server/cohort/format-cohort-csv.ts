/**
 * @module cohort/format-cohort-csv
 * CSV of each cohort table, one header row, RFC 4180 quoting. Every plot of the
 * dashboard exports the table it is drawn from.
 */
import type { CohortDashboard } from "@myoscope/core/cohort/build-cohort-dashboard";

export const COHORT_CSV_TABLES = [
  "sections",
  "subjects",
  "distributions",
  "reference",
  "comparisons",
  "separability",
] as const;
export type CohortCsvTable = (typeof COHORT_CSV_TABLES)[number];

function quote(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.join(",")];
  for (const row of rows) lines.push(columns.map((c) => quote(row[c])).join(","));
  return `${lines.join("\n")}\n`;
}

export function formatCohortCsv(dashboard: CohortDashboard, table: CohortCsvTable): string {
  switch (table) {
    case "sections":
      return toCsv(
        [
          "sectionId",
          "sectionName",
          "subjectIdentifier",
          "group",
          "runId",
          "region",
          "fiberCount",
          "meanUm",
          "stdUm",
          "cv",
          "medianUm",
          "muscleAreaUm2",
          "connectiveFraction",
          "connectiveThicknessMeanUm",
          "smallFraction",
          "largeFraction",
          "abnormalFraction",
          "lo",
          "hi",
        ],
        dashboard.sections as unknown as Record<string, unknown>[],
      );
    case "subjects":
      return toCsv(
        [
          "subjectId",
          "subjectIdentifier",
          "group",
          "region",
          "sectionCount",
          "fiberCount",
          "meanUm",
          "stdUm",
          "connectiveFraction",
          "connectiveThicknessMeanUm",
          "abnormalFraction",
        ],
        dashboard.subjects as unknown as Record<string, unknown>[],
      );
    case "distributions": {
      const rows = dashboard.distributions.flatMap((d) =>
        d.histogram.map((count, bin) => ({
          group: d.group,
          region: d.region,
          binStartUm: bin * dashboard.binWidthUm,
          binEndUm: (bin + 1) * dashboard.binWidthUm,
          count,
          fraction: count / d.fiberCount,
        })),
      );
      return toCsv(["group", "region", "binStartUm", "binEndUm", "count", "fraction"], rows);
    }
    case "reference":
      return toCsv(
        ["region", "fiberCount", "sectionCount", "meanUm", "stdUm", "lo", "hi"],
        dashboard.reference as unknown as Record<string, unknown>[],
      );
    case "comparisons":
      return toCsv(
        [
          "region",
          "feature",
          "groupA",
          "groupB",
          "nA",
          "nB",
          "meanA",
          "meanB",
          "welchT",
          "welchDf",
          "welchP",
          "mannWhitneyU",
          "mannWhitneyP",
          "mannWhitneyMethod",
          "hedgesG",
          "cliffsDelta",
        ],
        dashboard.comparisons as unknown as Record<string, unknown>[],
      );
    case "separability":
      return toCsv(
        ["region", "groupA", "groupB", "featureSet", "accuracy", "correct", "total", "folds"],
        dashboard.separability as unknown as Record<string, unknown>[],
      );
  }
}
