/**
 * @module surveys
 * Blinded surveys: design (draft), lifecycle (open → closed → unblinded) and
 * the blinding key (panels: item × letter → arm + run). Status changes are
 * compare-and-set on the previous status and commit together with their audit
 * event. Rater-facing reads live in surveys-grading.ts and never select run,
 * model or arm fields.
 */
import type { Prisma, SurveyStatus } from "@prisma/client";
import type { DbOrTx } from "./client.ts";

export const surveySelect = {
  id: true,
  projectId: true,
  name: true,
  instructions: true,
  categories: true,
  scale: true,
  status: true,
  seed: true,
  createdAt: true,
  openedAt: true,
  closedAt: true,
  unblindedAt: true,
  _count: { select: { items: true, arms: true, raters: true } },
} satisfies Prisma.SurveySelect;

type SurveyRow = Prisma.SurveyGetPayload<{ select: typeof surveySelect }>;
export type SurveyDto = Omit<SurveyRow, "_count"> & {
  itemCount: number;
  armCount: number;
  raterCount: number;
};

function toSurveyDto({ _count, ...row }: SurveyRow): SurveyDto {
  return { ...row, itemCount: _count.items, armCount: _count.arms, raterCount: _count.raters };
}

export interface SurveyFieldsInput {
  name: string;
  instructions: string;
  categories: string[];
  scale: string[];
}

export async function insertSurvey(
  db: DbOrTx,
  input: SurveyFieldsInput & { projectId: string; seed: number; createdById: string },
): Promise<SurveyDto> {
  return toSurveyDto(await db.survey.create({ data: input, select: surveySelect }));
}

/** Changes a draft's fields; returns false when the survey is not a draft of the project. */
export async function updateSurveyDraft(
  db: DbOrTx,
  input: { projectId: string; surveyId: string } & Partial<SurveyFieldsInput>,
): Promise<boolean> {
  const { projectId, surveyId, ...data } = input;
  const { count } = await db.survey.updateMany({
    where: { id: surveyId, projectId, status: "draft" },
    data,
  });
  return count === 1;
}

export async function listSurveys(db: DbOrTx, projectId: string): Promise<SurveyDto[]> {
  const rows = await db.survey.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    select: surveySelect,
  });
  return rows.map(toSurveyDto);
}

export async function findSurvey(
  db: DbOrTx,
  input: { projectId: string; surveyId: string },
): Promise<SurveyDto | null> {
  const row = await db.survey.findFirst({
    where: { id: input.surveyId, projectId: input.projectId },
    select: surveySelect,
  });
  return row ? toSurveyDto(row) : null;
}

/** Deletes a draft (items, arms, panels and raters cascade); returns whether one went. */
export async function deleteSurveyDraft(
  db: DbOrTx,
  input: { projectId: string; surveyId: string },
): Promise<boolean> {
  const { count } = await db.survey.deleteMany({
    where: { id: input.surveyId, projectId: input.projectId, status: "draft" },
  });
  return count === 1;
}

const designSelect = {
  arms: { orderBy: { position: "asc" }, select: { id: true, name: true, position: true } },
  items: {
    orderBy: { position: "asc" },
    select: {
      id: true,
      sectionId: true,
      annotationId: true,
      x: true,
      y: true,
      width: true,
      height: true,
      position: true,
      panels: { orderBy: { letter: "asc" }, select: { armId: true, runId: true, letter: true } },
    },
  },
  raters: {
    orderBy: { createdAt: "asc" },
    select: { userId: true, user: { select: { name: true, email: true } } },
  },
} satisfies Prisma.SurveySelect;

export type SurveyDesignDto = Prisma.SurveyGetPayload<{ select: typeof designSelect }>;

/** The full design, blinding key included: for owners and editors only. */
export async function findSurveyDesign(
  db: DbOrTx,
  input: { projectId: string; surveyId: string },
): Promise<SurveyDesignDto | null> {
  return db.survey.findFirst({
    where: { id: input.surveyId, projectId: input.projectId },
    select: designSelect,
  });
}

export async function replaceSurveyRaters(
  tx: DbOrTx,
  input: { surveyId: string; userIds: readonly string[] },
): Promise<void> {
  await tx.surveyRater.deleteMany({ where: { surveyId: input.surveyId } });
  if (input.userIds.length === 0) return;
  await tx.surveyRater.createMany({
    data: input.userIds.map((userId) => ({ surveyId: input.surveyId, userId, itemOrder: [] })),
  });
}

export interface SurveyItemInput {
  sectionId: string;
  annotationId: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Appends items after the survey's last position; returns their ids in order. */
export async function insertSurveyItems(
  tx: DbOrTx,
  input: { surveyId: string; items: readonly SurveyItemInput[] },
): Promise<string[]> {
  const last = await tx.surveyItem.findFirst({
    where: { surveyId: input.surveyId },
    orderBy: { position: "desc" },
    select: { position: true },
  });
  const start = (last?.position ?? -1) + 1;
  const ids: string[] = [];
  for (const [i, item] of input.items.entries()) {
    const row = await tx.surveyItem.create({
      data: { ...item, surveyId: input.surveyId, position: start + i },
      select: { id: true },
    });
    ids.push(row.id);
  }
  return ids;
}

export async function deleteSurveyItem(
  tx: DbOrTx,
  input: { surveyId: string; itemId: string },
): Promise<number> {
  const { count } = await tx.surveyItem.deleteMany({
    where: { id: input.itemId, surveyId: input.surveyId },
  });
  return count;
}

/**
 * Replaces the arms and the panels of every item. `runByItem[a]` maps item id
 * → run id for arm a. Letters here are provisional (A for the first arm, …);
 * opening the survey redraws them from the seed.
 */
export async function replaceSurveyArms(
  tx: DbOrTx,
  input: {
    surveyId: string;
    arms: readonly { name: string; runByItem: ReadonlyMap<string, string> }[];
  },
): Promise<void> {
  await tx.surveyArm.deleteMany({ where: { surveyId: input.surveyId } });
  for (const [position, arm] of input.arms.entries()) {
    const row = await tx.surveyArm.create({
      data: { surveyId: input.surveyId, name: arm.name, position },
      select: { id: true },
    });
    const letter = String.fromCharCode(65 + position);
    await tx.surveyPanel.createMany({
      data: [...arm.runByItem].map(([itemId, runId]) => ({
        itemId,
        armId: row.id,
        runId,
        letter,
      })),
    });
  }
}

export async function listSurveyAnnotations(
  db: DbOrTx,
  input: { projectId: string; annotationIds?: readonly string[]; sectionIds?: readonly string[] },
) {
  return db.annotation.findMany({
    where: {
      projectId: input.projectId,
      deletedAt: null,
      ...(input.annotationIds ? { id: { in: [...input.annotationIds] } } : {}),
      ...(input.sectionIds ? { sectionId: { in: [...input.sectionIds] } } : {}),
    },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      sectionId: true,
      kind: true,
      label: true,
      geometry: true,
      minX: true,
      minY: true,
      maxX: true,
      maxY: true,
    },
  });
}

/** Sections of the project with what ROI generation and rendering need. */
export async function listSurveySections(
  db: DbOrTx,
  input: { projectId: string; sectionIds: readonly string[] },
) {
  return db.section.findMany({
    where: { projectId: input.projectId, id: { in: [...input.sectionIds] } },
    select: { id: true, name: true, pixelSizeUm: true, width: true, height: true },
  });
}

/** Succeeded runs on the given sections, newest first, with their model. */
export async function listSucceededRuns(
  db: DbOrTx,
  input: { projectId: string; sectionIds?: readonly string[]; runIds?: readonly string[] },
) {
  return db.segmentationRun.findMany({
    where: {
      projectId: input.projectId,
      status: "succeeded",
      ...(input.sectionIds ? { sectionId: { in: [...input.sectionIds] } } : {}),
      ...(input.runIds ? { id: { in: [...input.runIds] } } : {}),
    },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      sectionId: true,
      createdAt: true,
      model: { select: { id: true, name: true, version: true } },
    },
  });
}

/**
 * Opens a draft: writes the drawn letters and rater orders, flips the status
 * and logs the event. Returns false when it was no longer a draft.
 */
export async function openSurveyRows(
  tx: DbOrTx,
  input: {
    surveyId: string;
    userId: string;
    panels: readonly { itemId: string; armId: string; runId: string; letter: string }[];
    raterOrders: readonly { userId: string; itemOrder: string[] }[];
  },
): Promise<boolean> {
  const { count } = await tx.survey.updateMany({
    where: { id: input.surveyId, status: "draft" },
    data: { status: "open", openedAt: new Date() },
  });
  if (count !== 1) return false;
  const itemIds = [...new Set(input.panels.map((p) => p.itemId))];
  await tx.surveyPanel.deleteMany({ where: { itemId: { in: itemIds } } });
  await tx.surveyPanel.createMany({ data: [...input.panels] });
  for (const rater of input.raterOrders) {
    await tx.surveyRater.update({
      where: { surveyId_userId: { surveyId: input.surveyId, userId: rater.userId } },
      data: { itemOrder: rater.itemOrder },
      select: { userId: true },
    });
  }
  await tx.surveyEvent.create({
    data: { surveyId: input.surveyId, userId: input.userId, type: "opened" },
    select: { id: true },
  });
  return true;
}

/** Compare-and-set status change with its audit event; false if the status was not `from`. */
export async function changeSurveyStatus(
  tx: DbOrTx,
  input: {
    surveyId: string;
    userId: string;
    from: SurveyStatus;
    event: "closed" | "unblinded";
  },
): Promise<boolean> {
  const now = new Date();
  const data: Prisma.SurveyUpdateManyMutationInput =
    input.event === "closed"
      ? { status: "closed", closedAt: now }
      : { unblindedAt: now, unblindedById: input.userId };
  const { count } = await tx.survey.updateMany({
    where: {
      id: input.surveyId,
      status: input.from,
      ...(input.event === "unblinded" ? { unblindedAt: null } : {}),
    },
    data,
  });
  if (count !== 1) return false;
  await tx.surveyEvent.create({
    data: { surveyId: input.surveyId, userId: input.userId, type: input.event },
    select: { id: true },
  });
  return true;
}

export async function listSurveyEvents(db: DbOrTx, surveyId: string) {
  return db.surveyEvent.findMany({
    where: { surveyId },
    orderBy: { createdAt: "asc" },
    select: { type: true, createdAt: true, userId: true },
  });
}

/** Names of the surveys whose blinding key shows this run (it cannot be deleted while they exist). */
export async function listSurveysUsingRun(
  db: DbOrTx,
  input: { projectId: string; runId: string },
): Promise<string[]> {
  const rows = await db.survey.findMany({
    where: {
      projectId: input.projectId,
      items: { some: { panels: { some: { runId: input.runId } } } },
    },
    select: { name: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => row.name);
}
