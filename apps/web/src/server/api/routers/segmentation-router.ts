import { AppError } from "@myoscope/core/errors/app-error";
import { listFibersOfRun } from "@myoscope/db/fibers";
import {
  findSegmentationModel,
  listSegmentationModels,
  setProjectDefaultModel,
} from "@myoscope/db/segmentation-models";
import { findSegmentationRun, listSegmentationRuns } from "@myoscope/db/segmentation-runs";
import { z } from "zod";
import { createSegmentationRuns } from "../../segmentation/create-segmentation-runs.ts";
import { createTRPCRouter, projectProcedure } from "../trpc.ts";

const id = z.string().min(1).max(64);

export const segmentationRouter = createTRPCRouter({
  models: projectProcedure("viewer").query(({ ctx, input }) =>
    listSegmentationModels(ctx.db, input.projectId),
  ),

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
    .input(z.object({ runId: id, limit: z.number().int().min(1).max(200_000).default(50_000) }))
    .query(({ ctx, input }) => listFibersOfRun(ctx.db, input)),

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
