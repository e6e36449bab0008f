import { AppError } from "@myoscope/core/errors/app-error";
import { findProject, listProjectsOfUser, updateProject } from "@myoscope/db/projects";
import { z } from "zod";
import { createProject } from "../../projects/create-project.ts";
import { removeProject } from "../../projects/remove-project.ts";
import { createTRPCRouter, projectProcedure, protectedProcedure } from "../trpc.ts";

const name = z.string().trim().min(2).max(120);
const description = z.string().trim().max(2000);

export const projectRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listProjectsOfUser(ctx.db, ctx.user.id)),

  create: protectedProcedure
    .input(
      z.object({
        organizationId: z.string().min(1).max(64),
        name,
        description: description.default(""),
      }),
    )
    .mutation(({ ctx, input }) => createProject(ctx.db, { ...input, userId: ctx.user.id })),

  get: projectProcedure("viewer").query(async ({ ctx, input }) => {
    const project = await findProject(ctx.db, input.projectId);
    if (!project) throw new AppError("NOT_FOUND", "project not found");
    return { ...project, role: ctx.role };
  }),

  update: projectProcedure("owner")
    .input(z.object({ name: name.optional(), description: description.optional() }))
    .mutation(({ ctx, input: { projectId, ...patch } }) => updateProject(ctx.db, projectId, patch)),

  delete: projectProcedure("owner").mutation(({ ctx, input }) => removeProject(ctx, input)),
});
