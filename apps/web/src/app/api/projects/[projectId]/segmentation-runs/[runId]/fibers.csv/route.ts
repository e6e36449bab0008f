/**
 * GET /api/projects/:projectId/segmentation-runs/:runId/fibers.csv
 * Every fiber of a finished run, in the columns of `myoscope segment`'s
 * `<base>.fibers.csv`, streamed. Any project member may download.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { findSegmentationRun } from "@myoscope/db/segmentation-runs";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { requireProjectRole } from "~/server/projects/require-project-role";
import { getRunMpp, toCsvFileName } from "~/server/segmentation/describe-segmentation-run";
import { streamFibersCsv } from "~/server/segmentation/stream-fibers-csv";
import { getDb } from "~/server/services";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ projectId: string; runId: string }> },
) {
  try {
    const { projectId, runId } = await params;
    const user = await requireUser();
    const db = getDb();
    await requireProjectRole(db, { projectId, userId: user.id, minRole: "viewer" });
    const run = await findSegmentationRun(db, { projectId, runId });
    if (run?.status !== "succeeded") {
      throw new AppError("NOT_FOUND", "segmentation run not found or not finished");
    }
    return new Response(streamFibersCsv(db, { projectId, runId, mpp: getRunMpp(run) }), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${toCsvFileName(run)}"`,
        "cache-control": "private, no-cache",
      },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
