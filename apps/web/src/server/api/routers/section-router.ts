import { AppError } from "@myoscope/core/errors/app-error";
import { findSection, listSections } from "@myoscope/db/sections";
import { z } from "zod";
import { editSection } from "../../sections/edit-section.ts";
import { extractSectionRegion } from "../../sections/extract-section-region.ts";
import { removeSection } from "../../sections/remove-section.ts";
import { createTRPCRouter, projectProcedure } from "../trpc.ts";

const id = z.string().min(1).max(64);

export const sectionRouter = createTRPCRouter({
  list: projectProcedure("viewer")
    .input(z.object({ subjectId: id.optional() }))
    .query(({ ctx, input }) => listSections(ctx.db, input)),

  get: projectProcedure("viewer")
    .input(z.object({ sectionId: id }))
    .query(async ({ ctx, input }) => {
      const section = await findSection(ctx.db, input);
      if (!section) throw new AppError("NOT_FOUND", "section not found");
      return section;
    }),

  update: projectProcedure("editor")
    .input(
      z.object({
        sectionId: id,
        subjectId: id.optional(),
        name: z.string().trim().min(1).max(200).optional(),
        pixelSizeUm: z.number().optional(),
        stain: z.string().trim().min(1).max(40).optional(),
        preparation: z.enum(["ffpe", "cryo", "unknown"]).optional(),
        muscles: z.array(z.string().trim().min(1).max(80)).max(20).optional(),
        acquisitionNotes: z.string().max(5000).optional(),
      }),
    )
    .mutation(({ ctx, input: { projectId, sectionId, ...patch } }) =>
      editSection(ctx.db, { projectId, sectionId, patch }),
    ),

  /** A region (level-0 px) or the whole section at a coarser pixel size, as a new section. */
  extract: projectProcedure("editor")
    .input(
      z.object({
        sectionId: id,
        region: z
          .object({
            x: z.number().int().min(0),
            y: z.number().int().min(0),
            width: z.number().int().min(1),
            height: z.number().int().min(1),
          })
          .optional(),
        pixelSizeUm: z.number(),
        name: z.string().trim().max(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) => extractSectionRegion(ctx, { ...input, userId: ctx.user.id })),

  delete: projectProcedure("editor")
    .input(z.object({ sectionId: id }))
    .mutation(({ ctx, input }) => removeSection(ctx, input)),
});
