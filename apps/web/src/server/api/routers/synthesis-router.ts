import { AppError } from "@myoscope/core/errors/app-error";
import {
  findSynthesisRun,
  listSynthesisImages,
  listSynthesisRuns,
} from "@myoscope/db/synthesis-runs";
import { listTrainingExports } from "@myoscope/db/training-exports";
import { z } from "zod";
import { compareDatasets } from "../../synthesis/compare-datasets.ts";
import { createSynthesisRun } from "../../synthesis/create-synthesis-run.ts";
import { createTrainingExport } from "../../synthesis/create-training-export.ts";
import { previewSynthesis } from "../../synthesis/preview-synthesis.ts";
import { removeSynthesisRun } from "../../synthesis/remove-synthesis-run.ts";
import { createTRPCRouter, projectProcedure } from "../trpc.ts";

const id = z.string().min(1).max(64);
const preset = z.enum(["he-ffpe", "he-cryo", "myopathic"]);
const overrides = z
  .record(z.string().max(64), z.union([z.number(), z.tuple([z.number(), z.number()])]))
  .default({});
const seed = z.number().int().min(0).max(0xffff_ffff);

export const synthesisRouter = createTRPCRouter({
  list: projectProcedure("viewer").query(({ ctx, input }) =>
    listSynthesisRuns(ctx.db, input.projectId),
  ),

  get: projectProcedure("viewer")
    .input(z.object({ runId: id }))
    .query(async ({ ctx, input }) => {
      const run = await findSynthesisRun(ctx.db, input);
      if (!run) throw new AppError("NOT_FOUND", "synthesis run not found");
      return run;
    }),

  images: projectProcedure("viewer")
    .input(z.object({ runId: id }))
    .query(({ ctx, input }) => listSynthesisImages(ctx.db, input)),

  preview: projectProcedure("viewer")
    .input(z.object({ preset, overrides, seed, size: z.number().int().min(64).max(512) }))
    .query(({ input }) => previewSynthesis(input)),

  create: projectProcedure("editor")
    .input(
      z.object({
        name: z.string().trim().max(120).default(""),
        preset,
        overrides,
        count: z.number().int().min(1).max(1000),
        size: z.number().int().min(64).max(4096),
        seed,
      }),
    )
    .mutation(({ ctx, input: { projectId, ...rest } }) =>
      createSynthesisRun(ctx, { ...rest, projectId, userId: ctx.user.id }),
    ),

  compare: projectProcedure("viewer")
    .input(
      z.object({
        runIds: z.array(id).max(6).default([]),
        includeSections: z.boolean().default(true),
        seed: seed.default(0),
      }),
    )
    .query(({ ctx, input }) =>
      compareDatasets(ctx, { ...input, runIds: [...new Set(input.runIds)] }),
    ),

  delete: projectProcedure("editor")
    .input(z.object({ runId: id }))
    .mutation(({ ctx, input }) => removeSynthesisRun(ctx, input)),

  exports: projectProcedure("viewer")
    .input(z.object({ runId: id }))
    .query(({ ctx, input }) => listTrainingExports(ctx.db, input)),

  createExport: projectProcedure("editor")
    .input(
      z.object({
        runId: id,
        tileSize: z.number().int().min(64).max(2048).default(400),
        overlap: z.number().int().min(0).max(1024).default(0),
        valFraction: z.number().min(0).max(0.9).default(0.1),
        withWeights: z.boolean().default(false),
        seed: seed.default(1),
      }),
    )
    .mutation(({ ctx, input }) => createTrainingExport(ctx, { ...input, userId: ctx.user.id })),
});
