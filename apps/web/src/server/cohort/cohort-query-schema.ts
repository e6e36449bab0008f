/**
 * @module cohort/cohort-query-schema
 * What a cohort dashboard is asked with (filters, region set, reference group,
 * rule) and what a project stores as its defaults. Shared by the tRPC router
 * and the CSV route so both read the same parameters the same way.
 */
import { z } from "zod";

/** Filters left out fall back to the project's saved defaults. */
export const cohortQuerySchema = z.object({
  isShapeFilterOnly: z.boolean().optional(),
  isExclusionsApplied: z.boolean().optional(),
  isEdgeDropped: z.boolean().optional(),
  /** "" or absent = the project's default, else "WT", else the first group alphabetically. */
  referenceGroup: z.string().max(80).optional(),
  /** Multiple of σ in the abnormal-fiber rule. */
  k: z.number().positive().max(10).optional(),
});
export type CohortQuery = z.infer<typeof cohortQuerySchema>;

export const cohortSettingsSchema = z.object({
  referenceGroup: z.string().trim().max(80).default(""),
  k: z.number().positive().max(10).default(2),
  isShapeFilterOnly: z.boolean().default(true),
  isExclusionsApplied: z.boolean().default(true),
  isEdgeDropped: z.boolean().default(false),
});
export type CohortSettings = z.infer<typeof cohortSettingsSchema>;

/** Stored settings, with defaults for anything missing or malformed. */
export function parseCohortSettings(stored: unknown): CohortSettings {
  const parsed = cohortSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : cohortSettingsSchema.parse({});
}
