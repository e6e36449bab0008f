import { AppError } from "@myoscope/core/errors/app-error";
import { FIBER_FEATURE_KEYS } from "@myoscope/core/viewer/overlay-modes";
import { FIBER_SORT_KEYS, listFibersOfRun, summarizeFiberDiameters } from "@myoscope/db/fibers";
import {
  findProjectDefaultModel,
  findSegmentationModel,
  listSegmentationModels,
  setProjectDefaultModel,
} from "@myoscope/db/segmentation-models";
import { findSegmentationRun, listSegmentationRuns } from "@myoscope/db/segmentation-runs";
import { z } from "zod";
import { createSegmentationRuns } from "../../segmentation/create-segmentation-runs.ts";
import { evaluateSegmentationRun } from "../../segmentation/evaluate-segmentation-run.ts";
import { refreshSectionRegions } from "../../segmentation/refresh-section-regions.ts";
import { removeSegmentationModel } from "../../segmentation/remove-segmentation-model.ts";
import { removeSegmentationRun } from "../../segmentation/remove-segmentation-run.ts";
import { findFiberAtPoint } from "../../viewer/find-fiber-at-point.ts";
import { getProjectFeatureRange } from "../../viewer/get-project-feature-range.ts";
import { createTRPCRouter, projectProcedure } from "../trpc.ts";

const id = z.string().min(1).max(64);

export const segmentationRouter = createTRPCRouter({
  /** The project's models and the built-in ones; `isDefault` marks the one runs use by default. */
  models: projectProcedure("viewer").query(async ({ ctx, input }) => {
    const [models, fallback] = await Promise.all([
      listSegmentationModels(ctx.db, input.projectId),
      findProjectDefaultModel(ctx.db, input.projectId),
    ]);
    return models.map((model) => ({ ...model, isDefault: model.id === fallback?.id }));
  }),

  setDefaultModel: projectProcedure("owner")
    .input(z.object({ modelId: id.nullable() }))
    .mutation(async ({ ctx, input }) => {
      if (input.modelId) {
        const model = await findSegmentationModel(ctx.db, {
          projectId: input.projectId,
          modelId: input.modelId,
        });
        if (!model) throw new AppError("NOT_FOUND", "model not found");
      }
      await setProjectDefaultModel(ctx.db, input);
      return { modelId: input.modelId };
    }),

  /** Only a project's own uploads; built-in models and models runs were made with stay. */
  deleteModel: projectProcedure("owner")
    .input(z.object({ modelId: id }))
    .mutation(async ({ ctx, input }) => {
      await removeSegmentationModel(ctx, input);
      return { modelId: input.modelId };
    }),

  runs: projectProcedure("viewer")
    .input(z.object({ sectionId: id.optional() }))
    .query(({ ctx, input }) => listSegmentationRuns(ctx.db, input)),

  get: projectProcedure("viewer")
    .input(z.object({ runId: id }))
    .query(async ({ ctx, input }) => {
      const run = await findSegmentationRun(ctx.db, input);
      if (!run) throw new AppError("NOT_FOUND", "segmentation run not found");
      return run;
    }),

  fibers: projectProcedure("viewer")
    .input(
      z.object({
        runId: id,
        limit: z.number().int().min(1).max(200_000).default(50_000),
        sortBy: z.enum(FIBER_SORT_KEYS).default("label"),
        order: z.enum(["asc", "desc"]).default("asc"),
      }),
    )
    .query(async ({ ctx, input }) => {
      // NOT_FOUND rather than an empty list for a run id of another project.
      const run = await findSegmentationRun(ctx.db, input);
      if (!run) throw new AppError("NOT_FOUND", "segmentation run not found");
      return listFibersOfRun(ctx.db, input);
    }),

  /** MinFeret histogram and statistics over all fibers of a population, computed in Postgres. */
  diameters: projectProcedure("viewer")
    .input(
      z.object({
        runId: id,
        population: z.enum(["postProcessed", "segmentation", "shapeFilter"]).default("shapeFilter"),
      }),
    )
    .query(async ({ ctx, input }) => {
      const run = await findSegmentationRun(ctx.db, input);
      if (!run) throw new AppError("NOT_FOUND", "segmentation run not found");
      return summarizeFiberDiameters(ctx.db, input);
    }),

  /** Viewer: the fiber under a level-0 pixel of a run's labels (null on background). */
  fiberAt: projectProcedure("viewer")
    .input(
      z.object({
        runId: id,
        x: z.number().finite().min(0).max(1e7),
        y: z.number().finite().min(0).max(1e7),
      }),
    )
    .query(({ ctx, input }) => findFiberAtPoint(ctx, input)),

  /** Viewer: one colour scale per project and feature (2nd–98th percentile of Shape Filter fibers). */
  featureRange: projectProcedure("viewer")
    .input(z.object({ feature: z.enum(FIBER_FEATURE_KEYS) }))
    .query(({ ctx, input }) => getProjectFeatureRange(ctx.db, input)),

  /** Scores the run against the section's annotated fibers (sparse ground truth). */
  evaluate: projectProcedure("viewer")
    .input(z.object({ runId: id }))
    .query(({ ctx, input }) => evaluateSegmentationRun(ctx, input)),

  /** Re-applies the section's regions, ROIs and exclusions to its finished runs (a job). */
  refreshRegions: projectProcedure("editor")
    .input(z.object({ sectionId: id }))
    .mutation(({ ctx, input }) => refreshSectionRegions(ctx, { ...input, userId: ctx.user.id })),

  deleteRun: projectProcedure("editor")
    .input(z.object({ runId: id }))
    .mutation(async ({ ctx, input }) => {
      await removeSegmentationRun(ctx, input);
      return { runId: input.runId };
    }),

  create: projectProcedure("editor")
    .input(
      z.object({
        sectionIds: z.array(id).min(1).max(500),
        modelId: id.optional(),
        params: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .mutation(({ ctx, input: { projectId, ...rest } }) =>
      createSegmentationRuns(ctx, { ...rest, projectId, userId: ctx.user.id }),
    ),
});
