/**
 * @module surveys-grading
 * The rater side of a survey. Everything here that can reach a rater selects
 * item geometry, letters and the rater's own grades only: no run, model or
 * arm field is ever selected, so none can leak by accident.
 */
import type { Prisma } from "@prisma/client";
import type { DbOrTx } from "./client.ts";

/** The rater's assignment, or null when the user is not a rater of this survey. */
export async function findRaterAssignment(
  db: DbOrTx,
  input: { projectId: string; surveyId: string; userId: string },
): Promise<{ itemOrder: string[] } | null> {
  return db.surveyRater.findFirst({
    where: {
      surveyId: input.surveyId,
      userId: input.userId,
      survey: { projectId: input.projectId },
    },
    select: { itemOrder: true },
  });
}

/** Surveys (open or closed) the user rates in this project: names and status only. */
export async function listRaterSurveys(db: DbOrTx, input: { projectId: string; userId: string }) {
  return db.survey.findMany({
    where: {
      projectId: input.projectId,
      status: { in: ["open", "closed"] },
      raters: { some: { userId: input.userId } },
    },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, status: true, _count: { select: { items: true } } },
  });
}

const raterSurveySelect = {
  id: true,
  name: true,
  instructions: true,
  categories: true,
  scale: true,
  status: true,
  items: {
    select: {
      id: true,
      x: true,
      y: true,
      width: true,
      height: true,
      sectionId: true,
      panels: { select: { letter: true } },
    },
  },
} satisfies Prisma.SurveySelect;

export type RaterSurveyRow = Prisma.SurveyGetPayload<{ select: typeof raterSurveySelect }>;

export async function findRaterSurvey(
  db: DbOrTx,
  input: { projectId: string; surveyId: string },
): Promise<RaterSurveyRow | null> {
  return db.survey.findFirst({
    where: { id: input.surveyId, projectId: input.projectId },
    select: raterSurveySelect,
  });
}

/** Pixel size and extent of the survey's sections (SurveyItem has no section relation). */
export async function listSectionGeometry(
  db: DbOrTx,
  input: { projectId: string; sectionIds: readonly string[] },
) {
  return db.section.findMany({
    where: { projectId: input.projectId, id: { in: [...input.sectionIds] } },
    select: { id: true, pixelSizeUm: true, width: true, height: true },
  });
}

export async function listOwnGrades(db: DbOrTx, input: { surveyId: string; raterId: string }) {
  return db.surveyGrade.findMany({
    where: { surveyId: input.surveyId, raterId: input.raterId },
    select: { itemId: true, letter: true, category: true, grade: true },
  });
}

/** Whether the item belongs to the survey and shows `letter`. */
export async function hasSurveyPanel(
  db: DbOrTx,
  input: { surveyId: string; itemId: string; letter: string },
): Promise<boolean> {
  const panel = await db.surveyPanel.findFirst({
    where: { itemId: input.itemId, letter: input.letter, item: { surveyId: input.surveyId } },
    select: { letter: true },
  });
  return panel !== null;
}

/** One grade per (item, rater, letter, category): a resubmission replaces it. */
export async function upsertSurveyGrade(
  db: DbOrTx,
  input: {
    surveyId: string;
    itemId: string;
    raterId: string;
    letter: string;
    category: string;
    grade: number;
  },
): Promise<void> {
  const { grade, ...key } = input;
  await db.surveyGrade.upsert({
    where: {
      itemId_raterId_letter_category: {
        itemId: key.itemId,
        raterId: key.raterId,
        letter: key.letter,
        category: key.category,
      },
    },
    create: { ...key, grade },
    update: { grade },
    select: { id: true },
  });
}

/**
 * Server-only: what renders one panel image (the run behind a letter). The
 * route handler uses it and sends pixels only.
 */
export async function findSurveyPanelSource(
  db: DbOrTx,
  input: { projectId: string; surveyId: string; itemId: string; letter: string | null },
) {
  return db.surveyItem.findFirst({
    where: { id: input.itemId, surveyId: input.surveyId, survey: { projectId: input.projectId } },
    select: {
      x: true,
      y: true,
      width: true,
      height: true,
      sectionId: true,
      survey: { select: { categories: true } },
      panels: {
        where: { letter: input.letter ?? "" },
        select: {
          run: { select: { id: true, projectId: true, sectionId: true, labelsKey: true } },
        },
      },
    },
  });
}

/** Every grade with the arm behind its letter: for results (owners and editors). */
export async function listSurveyGradesWithArms(db: DbOrTx, surveyId: string) {
  const [grades, panels] = await Promise.all([
    db.surveyGrade.findMany({
      where: { surveyId },
      orderBy: [{ itemId: "asc" }, { raterId: "asc" }],
      select: {
        itemId: true,
        raterId: true,
        letter: true,
        category: true,
        grade: true,
        updatedAt: true,
      },
    }),
    db.surveyPanel.findMany({
      where: { item: { surveyId } },
      select: { itemId: true, letter: true, armId: true, runId: true },
    }),
  ]);
  const armOf = new Map(panels.map((p) => [`${p.itemId}\u0000${p.letter}`, p]));
  return grades.map((g) => {
    const panel = armOf.get(`${g.itemId}\u0000${g.letter}`);
    return { ...g, armId: panel?.armId ?? "", runId: panel?.runId ?? "" };
  });
}

/** Fibers of a run by mask membership: the labels to paint for a category. */
export async function listRunFiberMasks(
  db: DbOrTx,
  input: { runId: string; box: { x: number; y: number; width: number; height: number } },
) {
  const { box } = input;
  return db.fiber.findMany({
    where: {
      runId: input.runId,
      bboxX: { lt: box.x + box.width },
      bboxY: { lt: box.y + box.height },
      // Bounding boxes end before the box starts are filtered in code: Prisma
      // cannot compare two columns.
    },
    select: {
      label: true,
      bboxX: true,
      bboxY: true,
      bboxWidth: true,
      bboxHeight: true,
      inMuscleMask: true,
      passesShapeFilter: true,
      inExclusion: true,
    },
  });
}

export async function countOwnGrades(
  db: DbOrTx,
  input: { surveyId: string; raterId: string },
): Promise<number> {
  return db.surveyGrade.count({ where: { surveyId: input.surveyId, raterId: input.raterId } });
}
