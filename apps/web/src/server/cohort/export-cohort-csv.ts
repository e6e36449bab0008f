/**
 * @module cohort/export-cohort-csv
 * One cohort table as CSV for a project member (viewer or higher); anyone else
 * gets NOT_FOUND, as from every other route of a project.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import type { DbOrTx } from "@myoscope/db/client";
import { requireProjectRole } from "../projects/require-project-role.ts";
import { cohortQuerySchema } from "./cohort-query-schema.ts";
import { COHORT_CSV_TABLES, type CohortCsvTable, formatCohortCsv } from "./format-cohort-csv.ts";
import { getCohortDashboard } from "./get-cohort-dashboard.ts";

function readFlag(params: URLSearchParams, name: string): boolean | undefined {
  const value = params.get(name);
  if (value === null) return undefined;
  if (value === "1" || value === "true") return true;
  if (value === "0" || value === "false") return false;
  throw new AppError("BAD_REQUEST", `${name} must be 1/0 or true/false, got ${value}`);
}

export async function exportCohortCsv(
  db: DbOrTx,
  input: { projectId: string; userId: string; table: string; searchParams: URLSearchParams },
): Promise<{ fileName: string; csv: string }> {
  await requireProjectRole(db, { ...input, minRole: "viewer" });
  const table = input.table.replace(/\.csv$/, "");
  if (!(COHORT_CSV_TABLES as readonly string[]).includes(table)) {
    throw new AppError("NOT_FOUND", `no cohort table ${input.table}`);
  }
  const p = input.searchParams;
  const k = p.get("k");
  const parsed = cohortQuerySchema.safeParse({
    isShapeFilterOnly: readFlag(p, "shape"),
    isExclusionsApplied: readFlag(p, "exclusions"),
    isEdgeDropped: readFlag(p, "dropEdge"),
    referenceGroup: p.get("ref") ?? undefined,
    k: k === null ? undefined : Number(k),
  });
  if (!parsed.success)
    throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "bad query");
  const dashboard = await getCohortDashboard(db, {
    projectId: input.projectId,
    query: parsed.data,
  });
  return {
    fileName: `cohort-${table}.csv`,
    csv: formatCohortCsv(dashboard, table as CohortCsvTable),
  };
}
