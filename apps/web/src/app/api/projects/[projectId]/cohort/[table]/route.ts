/**
 * GET /api/projects/:projectId/cohort/:table.csv?shape=1&exclusions=1&dropEdge=0&ref=WT&k=2
 * One cohort table (sections, subjects, distributions, reference, comparisons,
 * separability) as CSV. Project members only; anyone else gets 404.
 */

import { exportCohortCsv } from "~/server/cohort/export-cohort-csv";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { getDb } from "~/server/services";

export const dynamic = "force-dynamic";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ projectId: string; table: string }> },
) {
  try {
    const { projectId, table } = await params;
    const user = await requireUser();
    const { fileName, csv } = await exportCohortCsv(getDb(), {
      projectId,
      userId: user.id,
      table,
      searchParams: new URL(request.url).searchParams,
    });
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName}"`,
        "cache-control": "private, no-cache",
      },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
