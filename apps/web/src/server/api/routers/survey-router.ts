/**
 * @module survey-router
 * Thin tRPC procedures for surveys: validate with zod, call one domain function.
 * Design and results need editor (unblinding needs owner); rater procedures need
 * the rater role or higher AND an assignment to the survey, checked in the domain.
 */
import { z } from "zod";
import { closeSurvey, openSurvey, unblindSurvey } from "../../surveys/change-survey-status.ts";
import { getSurveyResults } from "../../surveys/get-survey-results.ts";
import { getRaterSurvey, gradeSurveyItem, listMySurveys } from "../../surveys/rate-survey.ts";
import {
  getSurveyDesign,
  getSurveyFormOptions,
  listProjectSurveys,
  removeSurveyDraft,
} from "../../surveys/read-survey-design.ts";
import { saveSurveyDraft } from "../../surveys/save-survey-draft.ts";
import { createTRPCRouter, projectProcedure } from "../trpc.ts";

const id = z.string().min(1).max(64);
const label = z.string().trim().min(1).max(80);

const designSchema = z.object({
  name: z.string().trim().min(1).max(200),
  instructions: z.string().max(5000).default(""),
  categories: z.array(label).min(1).max(10),
  scale: z.array(label).min(2).max(10),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  raterIds: z.array(id).max(100).default([]),
  roiAnnotationIds: z.array(id).max(5000).default([]),
  generate: z
    .object({
      sectionIds: z.array(id).min(1).max(1000),
      sizeUm: z.number().positive().max(100_000),
      regions: z
        .array(z.object({ label, count: z.number().int().min(0).max(50) }))
        .min(1)
        .max(20),
    })
    .nullable()
    .default(null),
  arms: z
    .array(
      z.object({
        name: z.string().trim().max(120).optional(),
        modelId: id.optional(),
        runIds: z.array(id).max(5000).optional(),
      }),
    )
    .min(2)
    .max(6),
});

const surveyInput = z.object({ surveyId: id });

export const surveyRouter = createTRPCRouter({
  list: projectProcedure("editor").query(({ ctx, input }) => listProjectSurveys(ctx, input)),

  formOptions: projectProcedure("editor").query(({ ctx, input }) =>
    getSurveyFormOptions(ctx, input),
  ),

  get: projectProcedure("editor")
    .input(surveyInput)
    .query(({ ctx, input }) => getSurveyDesign(ctx, input)),

  create: projectProcedure("editor")
    .input(designSchema)
    .mutation(({ ctx, input }) => saveSurveyDraft(ctx, { ...input, userId: ctx.user.id })),

  update: projectProcedure("editor")
    .input(designSchema.extend({ surveyId: id }))
    .mutation(({ ctx, input }) => saveSurveyDraft(ctx, { ...input, userId: ctx.user.id })),

  delete: projectProcedure("editor")
    .input(surveyInput)
    .mutation(async ({ ctx, input }) => {
      await removeSurveyDraft(ctx, input);
      return { surveyId: input.surveyId };
    }),

  open: projectProcedure("editor")
    .input(surveyInput)
    .mutation(({ ctx, input }) => openSurvey(ctx, { ...input, userId: ctx.user.id })),

  close: projectProcedure("editor")
    .input(surveyInput)
    .mutation(({ ctx, input }) => closeSurvey(ctx, { ...input, userId: ctx.user.id })),

  /** Owner only, only once closed; logged as a SurveyEvent. */
  unblind: projectProcedure("owner")
    .input(surveyInput)
    .mutation(({ ctx, input }) => unblindSurvey(ctx, { ...input, userId: ctx.user.id })),

  results: projectProcedure("editor")
    .input(surveyInput)
    .query(({ ctx, input }) => getSurveyResults(ctx, input)),

  /** Surveys the caller rates (names and status only). */
  mine: projectProcedure("rater").query(({ ctx, input }) =>
    listMySurveys(ctx, { ...input, userId: ctx.user.id }),
  ),

  /** The rater's view: no run, model or arm ever appears in it. */
  rate: projectProcedure("rater")
    .input(surveyInput)
    .query(({ ctx, input }) => getRaterSurvey(ctx, { ...input, userId: ctx.user.id })),

  grade: projectProcedure("rater")
    .input(
      surveyInput.extend({
        itemId: id,
        letter: z.string().regex(/^[A-Z]$/),
        category: label,
        grade: z.number().int(),
      }),
    )
    .mutation(({ ctx, input }) => gradeSurveyItem(ctx, { ...input, userId: ctx.user.id })),
});
