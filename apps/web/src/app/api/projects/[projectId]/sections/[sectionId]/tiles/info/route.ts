/**
 * GET /api/projects/:projectId/sections/:sectionId/tiles/info
 * The section's DeepZoom pyramid: `{ width, height, tileSize, maxLevel, pixelSizeUm,
 * format: "jpg", version }`. Project members only; everyone else gets 404.
 */
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { describeSectionTiles } from "~/server/sections/read-section-tiles";
import { getDb } from "~/server/services";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ projectId: string; sectionId: string }> },
) {
  try {
    const { projectId, sectionId } = await params;
    const user = await requireUser();
    const info = await describeSectionTiles(
      { db: getDb() },
      { projectId, sectionId, userId: user.id },
    );
    // A rebuild changes the version, so clients re-read this now and then.
    return Response.json(info, { headers: { "cache-control": "private, no-cache" } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
