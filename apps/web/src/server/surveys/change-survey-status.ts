/**
 * @module surveys/change-survey-status
 * open (draws the letters of every ROI and each rater's ROI order from the
 * recorded seed), close, and unblind (owner only, after closing). Each change
 * is compare-and-set and logged as a SurveyEvent in the same transaction.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { assignPanelLetters, orderItemsForRater } from "@myoscope/core/surveys/seeded-random";
import { withTransaction } from "@myoscope/db/client";
import {
  changeSurveyStatus,
  findSurvey,
  findSurveyDesign,
  openSurveyRows,
  type SurveyDto,
} from "@myoscope/db/surveys";
import type { AppDeps } from "../deps.ts";

interface StatusInput {
  projectId: string;
  surveyId: string;
  userId: string;
}

async function requireSurvey(deps: Pick<AppDeps, "db">, input: StatusInput): Promise<SurveyDto> {
  const survey = await findSurvey(deps.db, input);
  if (!survey) throw new AppError("NOT_FOUND", "survey not found");
  return survey;
}

export async function openSurvey(
  deps: Pick<AppDeps, "db">,
  input: StatusInput,
): Promise<SurveyDto> {
  const survey = await requireSurvey(deps, input);
  if (survey.status !== "draft")
    throw new AppError("CONFLICT", `the survey is already ${survey.status}`);
  const design = await findSurveyDesign(deps.db, input);
  if (!design) throw new AppError("NOT_FOUND", "survey not found");
  if (design.items.length === 0) throw new AppError("BAD_REQUEST", "add ROIs before opening");
  if (design.arms.length < 2)
    throw new AppError("BAD_REQUEST", "a survey compares at least two arms");
  if (design.raters.length === 0) throw new AppError("BAD_REQUEST", "assign raters before opening");
  const panels = design.items.flatMap((item) => {
    if (item.panels.length !== design.arms.length) {
      throw new AppError("BAD_REQUEST", "every ROI needs a run of every arm");
    }
    const letters = assignPanelLetters(survey.seed, item.id, design.arms.length);
    return design.arms.map((arm, a) => {
      const panel = item.panels.find((p) => p.armId === arm.id);
      return {
        itemId: item.id,
        armId: arm.id,
        runId: panel?.runId ?? "",
        letter: letters[a] ?? "",
      };
    });
  });
  const itemIds = design.items.map((item) => item.id);
  const raterOrders = design.raters.map((rater) => ({
    userId: rater.userId,
    itemOrder: orderItemsForRater(survey.seed, rater.userId, itemIds),
  }));
  const isOpened = await withTransaction(deps.db, (tx) =>
    openSurveyRows(tx, { surveyId: survey.id, userId: input.userId, panels, raterOrders }),
  );
  if (!isOpened) throw new AppError("CONFLICT", "the survey is no longer a draft");
  return requireSurvey(deps, input);
}

export async function closeSurvey(
  deps: Pick<AppDeps, "db">,
  input: StatusInput,
): Promise<SurveyDto> {
  const survey = await requireSurvey(deps, input);
  const isClosed = await withTransaction(deps.db, (tx) =>
    changeSurveyStatus(tx, {
      surveyId: survey.id,
      userId: input.userId,
      from: "open",
      event: "closed",
    }),
  );
  if (!isClosed)
    throw new AppError("CONFLICT", `only an open survey can be closed; it is ${survey.status}`);
  return requireSurvey(deps, input);
}

export async function unblindSurvey(
  deps: Pick<AppDeps, "db">,
  input: StatusInput,
): Promise<SurveyDto> {
  const survey = await requireSurvey(deps, input);
  if (survey.status !== "closed") {
    throw new AppError("CONFLICT", "close the survey before unblinding it");
  }
  if (survey.unblindedAt) throw new AppError("CONFLICT", "the survey is already unblinded");
  const isUnblinded = await withTransaction(deps.db, (tx) =>
    changeSurveyStatus(tx, {
      surveyId: survey.id,
      userId: input.userId,
      from: "closed",
      event: "unblinded",
    }),
  );
  if (!isUnblinded) throw new AppError("CONFLICT", "the survey is already unblinded");
  return requireSurvey(deps, input);
}
