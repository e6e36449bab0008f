/**
 * @module surveys/save-survey-draft
 * Creates a survey or replaces a draft's whole design (fields, raters, ROIs,
 * arms) in one transaction: a bad ROI, arm or rater leaves nothing written.
 */
import { randomInt } from "node:crypto";
import { hasRoleAtLeast, isProjectRole } from "@myoscope/core/auth/project-role";
import { AppError } from "@myoscope/core/errors/app-error";
import { withTransaction } from "@myoscope/db/client";
import { listMembers } from "@myoscope/db/members";
import {
  findSurvey,
  insertSurvey,
  insertSurveyItems,
  replaceSurveyArms,
  replaceSurveyRaters,
  type SurveyDto,
  updateSurveyDraft,
} from "@myoscope/db/surveys";
import type { AppDeps } from "../deps.ts";
import { buildSurveyItems, type GenerateRoisInput } from "./build-survey-items.ts";
import { resolveSurveyArms, type SurveyArmInput } from "./resolve-survey-arms.ts";

export interface SurveyDesignInput {
  projectId: string;
  userId: string;
  name: string;
  instructions: string;
  categories: string[];
  scale: string[];
  /** Recorded for reproducibility; drawn at random when omitted. */
  seed?: number;
  raterIds: string[];
  roiAnnotationIds: string[];
  generate: GenerateRoisInput | null;
  arms: SurveyArmInput[];
}

function assertDistinct(values: readonly string[], what: string): void {
  if (new Set(values.map((v) => v.trim().toLowerCase())).size !== values.length) {
    throw new AppError("BAD_REQUEST", `${what} must be distinct`);
  }
}

async function assertRaters(
  deps: Pick<AppDeps, "db">,
  input: { projectId: string; raterIds: readonly string[] },
): Promise<void> {
  const members = await listMembers(deps.db, input.projectId);
  for (const userId of input.raterIds) {
    const member = members.find((m) => m.user.id === userId);
    if (!member || !isProjectRole(member.role) || !hasRoleAtLeast(member.role, "rater")) {
      throw new AppError(
        "BAD_REQUEST",
        `rater ${userId} must be a project member with the rater role or higher`,
      );
    }
  }
}

export async function saveSurveyDraft(
  deps: Pick<AppDeps, "db">,
  input: SurveyDesignInput & { surveyId?: string },
): Promise<SurveyDto> {
  assertDistinct(input.categories, "categories");
  assertDistinct(input.scale, "scale labels");
  assertDistinct(input.raterIds, "raters");
  await assertRaters(deps, input);
  let seed = input.seed ?? randomInt(0, 2 ** 31 - 1);
  if (input.surveyId) {
    const existing = await findSurvey(deps.db, {
      projectId: input.projectId,
      surveyId: input.surveyId,
    });
    if (!existing) throw new AppError("NOT_FOUND", "survey not found");
    if (existing.status !== "draft") {
      throw new AppError("CONFLICT", "only a draft survey can be changed");
    }
    seed = input.seed ?? existing.seed;
  }
  const items = await buildSurveyItems(deps.db, { ...input, seed });
  const fields = {
    name: input.name,
    instructions: input.instructions,
    categories: input.categories,
    scale: input.scale,
  };
  const surveyId = await withTransaction(deps.db, async (tx) => {
    let id = input.surveyId;
    if (id) {
      if (!(await updateSurveyDraft(tx, { projectId: input.projectId, surveyId: id, ...fields }))) {
        throw new AppError("CONFLICT", "only a draft survey can be changed");
      }
      await tx.survey.update({ where: { id }, data: { seed }, select: { id: true } });
      await tx.surveyItem.deleteMany({ where: { surveyId: id } });
    } else {
      id = (
        await insertSurvey(tx, {
          ...fields,
          projectId: input.projectId,
          seed,
          createdById: input.userId,
        })
      ).id;
    }
    await replaceSurveyRaters(tx, { surveyId: id, userIds: input.raterIds });
    const itemIds = await insertSurveyItems(tx, { surveyId: id, items });
    const arms = await resolveSurveyArms(tx, {
      projectId: input.projectId,
      arms: input.arms,
      items: items.map((item, i) => ({ id: itemIds[i] ?? "", sectionId: item.sectionId })),
    });
    await replaceSurveyArms(tx, { surveyId: id, arms });
    return id;
  });
  const saved = await findSurvey(deps.db, { projectId: input.projectId, surveyId });
  if (!saved) throw new AppError("INTERNAL", "survey vanished after saving");
  return saved;
}
