/**
 * @module cohort/get-cohort-dashboard
 * The cohort dashboard of a project: three summary queries in Postgres (no
 * fiber scans), then the statistics in packages/core.
 */
import {
  buildCohortDashboard,
  type CohortDashboard,
} from "@myoscope/core/cohort/build-cohort-dashboard";
import type { DbOrTx } from "@myoscope/db/client";
import {
  type CohortRunOptionDto,
  type CohortSectionDto,
  findCohortSettings,
  listCohortSections,
  listCohortSummaries,
  listSucceededRuns,
} from "@myoscope/db/cohort-queries";
import { SUMMARY_BIN_WIDTH_UM, toFilterMask } from "@myoscope/db/fiber-summaries";
import {
  type CohortQuery,
  type CohortSettings,
  parseCohortSettings,
} from "./cohort-query-schema.ts";

export interface CohortDashboardDto extends CohortDashboard {
  filters: { isShapeFilterOnly: boolean; isExclusionsApplied: boolean; isEdgeDropped: boolean };
  settings: CohortSettings;
  /** Every section, with or without a succeeded run, and which run counts. */
  cohortSections: CohortSectionDto[];
  /** Succeeded runs per section, the choices for its analysis run. */
  runOptions: CohortRunOptionDto[];
}

export async function getCohortDashboard(
  db: DbOrTx,
  input: { projectId: string; query: CohortQuery },
): Promise<CohortDashboardDto> {
  const { query } = input;
  // Settings, sections and runs in parallel; only the summaries wait for the filter mask.
  const [stored, sections, runOptions] = await Promise.all([
    findCohortSettings(db, input),
    listCohortSections(db, input),
    listSucceededRuns(db, input),
  ]);
  const settings = parseCohortSettings(stored);
  const filters = {
    isShapeFilterOnly: query.isShapeFilterOnly ?? settings.isShapeFilterOnly,
    isExclusionsApplied: query.isExclusionsApplied ?? settings.isExclusionsApplied,
    isEdgeDropped: query.isEdgeDropped ?? settings.isEdgeDropped,
  };
  const summaries = await listCohortSummaries(db, {
    projectId: input.projectId,
    filterMask: toFilterMask(filters),
  });
  const dashboard = buildCohortDashboard(sections, summaries, {
    referenceGroup: query.referenceGroup || settings.referenceGroup,
    k: query.k ?? settings.k,
    binWidthUm: SUMMARY_BIN_WIDTH_UM,
  });
  return {
    ...dashboard,
    filters,
    settings,
    cohortSections: sections,
    runOptions,
  };
}
