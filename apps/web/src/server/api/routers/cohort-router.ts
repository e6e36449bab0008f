/**
 * @module cohort-router
 * Thin tRPC procedures for cohorts: validate with zod, call one domain function.
 */
import { saveCohortSettings } from "@myoscope/db/cohort-queries";
import { z } from "zod";
import { cohortQuerySchema, cohortSettingsSchema } from "../../cohort/cohort-query-schema.ts";
import { getCohortDashboard } from "../../cohort/get-cohort-dashboard.ts";
import { chooseSectionAnalysisRun } from "../../cohort/set-section-analysis-run.ts";
import { createTRPCRouter, projectProcedure } from "../trpc.ts";

const id = z.string().min(1).max(64);

export const cohortRouter = createTRPCRouter({
  /** Everything the dashboard shows for the given filters, reference group and rule. */
  dashboard: projectProcedure("viewer")
    .input(cohortQuerySchema)
    .query(({ ctx, input: { projectId, ...query } }) =>
      getCohortDashboard(ctx.db, { projectId, query }),
    ),

  /** The project's dashboard defaults (reference group, rule, filters). */
  saveSettings: projectProcedure("editor")
    .input(cohortSettingsSchema)
    .mutation(async ({ ctx, input: { projectId, ...settings } }) => {
      await saveCohortSettings(ctx.db, { projectId, settings });
      return settings;
    }),

  /** Which succeeded run of a section counts; null = its latest succeeded run. */
  setAnalysisRun: projectProcedure("editor")
    .input(z.object({ sectionId: id, runId: id.nullable() }))
    .mutation(({ ctx, input }) => chooseSectionAnalysisRun(ctx.db, input)),
});
