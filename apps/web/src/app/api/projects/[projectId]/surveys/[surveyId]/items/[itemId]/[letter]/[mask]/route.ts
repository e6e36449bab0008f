/**
 * GET `…/items/{itemId}/{letter}/{categoryIndex}.png`: one blinded panel, the
 * category's mask of the run behind the letter painted over the ROI crop. The
 * URL names letter and category only, so the run cannot be read from it.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { getDb, getStorage } from "~/server/services";
import { renderSurveyImage } from "~/server/surveys/render-survey-image";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  {
    params,
  }: {
    params: Promise<{
      projectId: string;
      surveyId: string;
      itemId: string;
      letter: string;
      mask: string;
    }>;
  },
) {
  try {
    const { projectId, surveyId, itemId, letter, mask } = await params;
    const user = await requireUser();
    const match = /^(\d{1,2})\.png$/.exec(mask);
    if (!/^[A-Z]$/.test(letter) || !match) throw new AppError("NOT_FOUND", "no such panel image");
    const png = await renderSurveyImage(
      { db: getDb(), storage: getStorage() },
      { projectId, surveyId, itemId, userId: user.id, letter, categoryIndex: Number(match[1]) },
    );
    return new Response(new Uint8Array(png), {
      headers: { "content-type": "image/png", "cache-control": "private, max-age=300" },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
