/**
 * @module surveys/resolve-survey-arms
 * An arm is one compared thing (usually a model). A survey may span many
 * sections, so the designer picks an arm as a model (the server takes, per
 * ROI, the newest succeeded run of that model on the ROI's section) or as an
 * explicit list of runs (at most one per section). Every ROI must get a
 * distinct run from every arm, or the design is refused.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import type { DbOrTx } from "@myoscope/db/client";
import { listSucceededRuns } from "@myoscope/db/surveys";

export interface SurveyArmInput {
  name?: string;
  modelId?: string;
  runIds?: string[];
}

export async function resolveSurveyArms(
  db: DbOrTx,
  input: {
    projectId: string;
    arms: readonly SurveyArmInput[];
    items: readonly { id: string; sectionId: string }[];
  },
): Promise<{ name: string; runByItem: Map<string, string> }[]> {
  const sectionIds = [...new Set(input.items.map((i) => i.sectionId))];
  const runs = await listSucceededRuns(db, { projectId: input.projectId, sectionIds });
  const resolved = input.arms.map((arm, position) => {
    const hasModel = Boolean(arm.modelId);
    const hasRuns = (arm.runIds?.length ?? 0) > 0;
    if (hasModel === hasRuns) {
      throw new AppError("BAD_REQUEST", `arm ${position + 1} needs either a model or runs`);
    }
    const candidates = hasModel
      ? runs.filter((r) => r.model.id === arm.modelId)
      : runs.filter((r) => arm.runIds?.includes(r.id));
    if (hasRuns) {
      const missing = (arm.runIds ?? []).filter((id) => !candidates.some((r) => r.id === id));
      if (missing.length > 0) {
        throw new AppError(
          "BAD_REQUEST",
          `arm ${position + 1}: run ${missing[0]} is not a succeeded run on a section of this survey`,
        );
      }
    }
    const runByItem = new Map<string, string>();
    for (const item of input.items) {
      const onSection = candidates.filter((r) => r.sectionId === item.sectionId);
      if (onSection.length === 0) {
        throw new AppError(
          "BAD_REQUEST",
          `arm ${position + 1} has no succeeded run on section ${item.sectionId}`,
        );
      }
      if (hasRuns && onSection.length > 1) {
        throw new AppError(
          "BAD_REQUEST",
          `arm ${position + 1} has several runs on section ${item.sectionId}; pick one`,
        );
      }
      // Newest first (listSucceededRuns orders by createdAt desc).
      runByItem.set(item.id, onSection[0]?.id ?? "");
    }
    const models = new Set(candidates.map((r) => `${r.model.name} ${r.model.version}`));
    const name =
      arm.name?.trim() || (models.size === 1 ? [...models][0] : undefined) || `Arm ${position + 1}`;
    return { name, runByItem };
  });
  for (const item of input.items) {
    const used = resolved.map((arm) => arm.runByItem.get(item.id));
    if (new Set(used).size !== used.length) {
      throw new AppError(
        "BAD_REQUEST",
        "two arms resolve to the same run for an ROI; compare different runs",
      );
    }
  }
  const names = resolved.map((a) => a.name);
  if (new Set(names).size !== names.length) {
    throw new AppError("BAD_REQUEST", "arm names must be distinct");
  }
  return resolved;
}
