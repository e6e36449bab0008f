import { AppError } from "@myoscope/core/errors/app-error";
import { findJob, listJobs } from "@myoscope/db/jobs";
import { cancelJob } from "@myoscope/jobs/cancel-job";
import { retryJob } from "@myoscope/jobs/retry-job";
import { z } from "zod";
import { createTRPCRouter, projectProcedure } from "../trpc.ts";

const jobId = z.uuid();

export const jobRouter = createTRPCRouter({
  list: projectProcedure("viewer")
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listJobs(ctx.db, input)),

  get: projectProcedure("viewer")
    .input(z.object({ jobId }))
    .query(async ({ ctx, input }) => {
      const job = await findJob(ctx.db, input);
      if (!job) throw new AppError("NOT_FOUND", "job not found");
      return job;
    }),

  cancel: projectProcedure("editor")
    .input(z.object({ jobId }))
    .mutation(async ({ ctx, input }) => cancelJob(ctx.db, await ctx.getQueue(), input)),

  retry: projectProcedure("editor")
    .input(z.object({ jobId }))
    .mutation(async ({ ctx, input }) => retryJob(ctx.db, await ctx.getQueue(), input)),
});
