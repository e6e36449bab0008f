import { AppError } from "@myoscope/core/errors/app-error";
import { findSubject, listSubjects } from "@myoscope/db/subjects";
import { z } from "zod";
import { removeSubject } from "../../subjects/remove-subject.ts";
import { saveSubject } from "../../subjects/save-subject.ts";
import { createTRPCRouter, projectProcedure } from "../trpc.ts";

const id = z.string().min(1).max(64);
const subjectData = z.object({
  identifier: z.string().trim().min(1).max(80),
  group: z.string().trim().max(80).default(""),
  sex: z.enum(["female", "male", "unknown"]).default("unknown"),
  ageWeeks: z.number().positive().max(10_000).nullable().default(null),
  metadata: z
    .record(z.string().max(80), z.union([z.string().max(500), z.number(), z.boolean()]))
    .default({}),
});

export const subjectRouter = createTRPCRouter({
  list: projectProcedure("viewer").query(({ ctx, input }) => listSubjects(ctx.db, input.projectId)),

  get: projectProcedure("viewer")
    .input(z.object({ subjectId: id }))
    .query(async ({ ctx, input }) => {
      const subject = await findSubject(ctx.db, input);
      if (!subject) throw new AppError("NOT_FOUND", "subject not found");
      return subject;
    }),

  create: projectProcedure("editor")
    .input(subjectData)
    .mutation(({ ctx, input: { projectId, ...data } }) => saveSubject(ctx.db, { projectId, data })),

  update: projectProcedure("editor")
    .input(z.object({ subjectId: id }).extend(subjectData.shape))
    .mutation(({ ctx, input: { projectId, subjectId, ...data } }) =>
      saveSubject(ctx.db, { projectId, subjectId, data }),
    ),

  delete: projectProcedure("editor")
    .input(z.object({ subjectId: id }))
    .mutation(({ ctx, input }) => removeSubject(ctx, input)),
});
