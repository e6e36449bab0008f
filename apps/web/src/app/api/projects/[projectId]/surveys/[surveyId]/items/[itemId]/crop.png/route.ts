/**
 * GET the ROI with its surroundings, no mask: for the survey's raters (once
 * open) and its designers. The URL names no run.
 */
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { getDb, getStorage } from "~/server/services";
import { renderSurveyImage } from "~/server/surveys/render-survey-image";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ projectId: string; surveyId: string; itemId: string }> },
) {
  try {
    const { projectId, surveyId, itemId } = await params;
    const user = await requireUser();
    const png = await renderSurveyImage(
      { db: getDb(), storage: getStorage() },
      { projectId, surveyId, itemId, userId: user.id, letter: null, categoryIndex: null },
    );
    return new Response(new Uint8Array(png), {
      headers: { "content-type": "image/png", "cache-control": "private, max-age=300" },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
