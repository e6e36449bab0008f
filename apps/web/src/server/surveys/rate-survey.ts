/**
 * @module surveys/rate-survey
 * What a rater may see and do. Responses carry the survey's wording, item ids
 * in the rater's own order, ROI geometry, letters and the rater's own grades:
 * never a run, model or arm (the db queries here do not even select them).
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { getContextBox } from "@myoscope/core/surveys/get-context-box";
import type { DbOrTx } from "@myoscope/db/client";
import {
  countOwnGrades,
  findRaterAssignment,
  findRaterSurvey,
  hasSurveyPanel,
  listOwnGrades,
  listRaterSurveys,
  listSectionGeometry,
  upsertSurveyGrade,
} from "@myoscope/db/surveys-grading";
import type { AppDeps } from "../deps.ts";

interface RaterInput {
  projectId: string;
  surveyId: string;
  userId: string;
}

/** The rater's item order; FORBIDDEN unless the user is assigned to this survey. */
export async function requireSurveyRater(db: DbOrTx, input: RaterInput): Promise<string[]> {
  const assignment = await findRaterAssignment(db, input);
  if (!assignment) throw new AppError("FORBIDDEN", "you are not a rater of this survey");
  return assignment.itemOrder;
}

export async function listMySurveys(
  deps: Pick<AppDeps, "db">,
  input: { projectId: string; userId: string },
) {
  const rows = await listRaterSurveys(deps.db, input);
  return rows.map(({ _count, ...row }) => ({ ...row, itemCount: _count.items }));
}

export async function getRaterSurvey(deps: Pick<AppDeps, "db">, input: RaterInput) {
  // NOT_FOUND for a survey of another project before FORBIDDEN for a non-rater.
  const survey = await findRaterSurvey(deps.db, input);
  if (!survey) throw new AppError("NOT_FOUND", "survey not found");
  const itemOrder = await requireSurveyRater(deps.db, input);
  if (survey.status === "draft") throw new AppError("CONFLICT", "the survey is not open yet");
  const grades = await listOwnGrades(deps.db, { surveyId: survey.id, raterId: input.userId });
  const byId = new Map(survey.items.map((item) => [item.id, item]));
  const sections = new Map(
    (
      await listSectionGeometry(deps.db, {
        projectId: input.projectId,
        sectionIds: [...new Set(survey.items.map((item) => item.sectionId))],
      })
    ).map((s) => [s.id, s]),
  );
  const items = itemOrder.flatMap((id) => {
    const item = byId.get(id);
    const section = item && sections.get(item.sectionId);
    if (!item || !section) return [];
    const roi = { x: item.x, y: item.y, width: item.width, height: item.height };
    return [
      {
        id: item.id,
        pixelSizeUm: section.pixelSizeUm,
        roi,
        context: getContextBox(roi, section),
        letters: item.panels.map((p) => p.letter).sort(),
      },
    ];
  });
  const total =
    items.reduce((sum, item) => sum + item.letters.length, 0) * survey.categories.length;
  return {
    id: survey.id,
    name: survey.name,
    instructions: survey.instructions,
    categories: survey.categories,
    scale: survey.scale,
    status: survey.status,
    isEditable: survey.status === "open",
    items,
    grades,
    progress: { graded: grades.length, total },
  };
}

export async function gradeSurveyItem(
  deps: Pick<AppDeps, "db">,
  input: RaterInput & { itemId: string; letter: string; category: string; grade: number },
) {
  const survey = await findRaterSurvey(deps.db, input);
  if (!survey) throw new AppError("NOT_FOUND", "survey not found");
  await requireSurveyRater(deps.db, input);
  if (survey.status !== "open") {
    throw new AppError("CONFLICT", `the survey is ${survey.status}; grades can no longer change`);
  }
  if (!survey.categories.includes(input.category)) {
    throw new AppError("BAD_REQUEST", `unknown category "${input.category}"`);
  }
  if (!Number.isInteger(input.grade) || input.grade < 1 || input.grade > survey.scale.length) {
    throw new AppError(
      "BAD_REQUEST",
      `grade must be an integer in 1..${survey.scale.length}, got ${input.grade}`,
    );
  }
  if (!(await hasSurveyPanel(deps.db, { ...input, surveyId: survey.id }))) {
    throw new AppError("NOT_FOUND", "no such ROI or letter in this survey");
  }
  await upsertSurveyGrade(deps.db, {
    surveyId: survey.id,
    itemId: input.itemId,
    raterId: input.userId,
    letter: input.letter,
    category: input.category,
    grade: input.grade,
  });
  const graded = await countOwnGrades(deps.db, { surveyId: survey.id, raterId: input.userId });
  return {
    itemId: input.itemId,
    letter: input.letter,
    category: input.category,
    grade: input.grade,
    graded,
  };
}
