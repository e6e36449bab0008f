/**
 * GET one overlay tile of a segmentation run:
 * `/api/projects/{projectId}/segmentation-runs/{runId}/overlay-tiles/{level}/{col}_{row}.png`
 * `?mode=feature|contour|filtered|abnormal|connective|thickness&feature=minFeretUm`
 * `&min=&max=` (feature colour scale; the project's 2nd–98th percentile when absent)
 * `&lo=&hi=` (abnormal thresholds) `&v=` (run version, makes the URL cacheable).
 * DeepZoom levels and 256² tiles over the section's full-resolution pixels. Project
 * members only; other projects, unfinished runs and tiles outside the pyramid are 404.
 */
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { getDb, getStorage } from "~/server/services";
import { serveOverlayTile } from "~/server/viewer/serve-overlay-tile";

export const dynamic = "force-dynamic";

export async function GET(
  request: Request,
  {
    params,
  }: { params: Promise<{ projectId: string; runId: string; level: string; tile: string }> },
) {
  try {
    const user = await requireUser();
    return serveOverlayTile(
      { db: getDb(), storage: getStorage() },
      { ...(await params), userId: user.id, query: new URL(request.url).searchParams },
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}
