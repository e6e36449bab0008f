/**
 * GET `grades.csv` (raw grades) or `statistics.csv` (tests and agreement) of a
 * survey: owners and editors only, arms named only after unblinding.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { requireProjectRole } from "~/server/projects/require-project-role";
import { getDb } from "~/server/services";
import {
  formatSurveyGradesCsv,
  formatSurveyStatisticsCsv,
} from "~/server/surveys/format-survey-csv";
import { getSurveyResults } from "~/server/surveys/get-survey-results";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ projectId: string; surveyId: string; file: string }> },
) {
  try {
    const { projectId, surveyId, file } = await params;
    const user = await requireUser();
    await requireProjectRole(getDb(), { projectId, userId: user.id, minRole: "editor" });
    if (file !== "grades.csv" && file !== "statistics.csv") {
      throw new AppError("NOT_FOUND", `unknown export "${file}"`);
    }
    const results = await getSurveyResults({ db: getDb() }, { projectId, surveyId });
    const csv =
      file === "grades.csv" ? formatSurveyGradesCsv(results) : formatSurveyStatisticsCsv(results);
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="survey-${surveyId}-${file}"`,
        "cache-control": "private, no-cache",
      },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
