/**
 * GET /api/projects/:projectId/sections/:sectionId/tiles/:level/:col_:row.jpg[?v=version]
 * One 256 px JPEG tile of the section's DeepZoom pyramid. Project members only;
 * everyone else gets 404. Tiles never change under their ETag; with `?v=` naming
 * the current pyramid version (tiles/info) they are cached as immutable.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { readSectionTile } from "~/server/sections/read-section-tiles";
import { getDb, getStorage } from "~/server/services";

export const dynamic = "force-dynamic";

const TILE_NAME = /^(\d{1,6})_(\d{1,6})\.jpg$/;

export async function GET(
  request: Request,
  {
    params,
  }: { params: Promise<{ projectId: string; sectionId: string; level: string; tile: string }> },
) {
  try {
    const { projectId, sectionId, level, tile } = await params;
    const user = await requireUser();
    const match = TILE_NAME.exec(tile);
    if (!match || !/^\d{1,2}$/.test(level)) throw new AppError("NOT_FOUND", "no such tile");
    const found = await readSectionTile(
      { db: getDb(), storage: getStorage() },
      {
        projectId,
        sectionId,
        userId: user.id,
        level: Number(level),
        col: Number(match[1]),
        row: Number(match[2]),
      },
    );
    const isVersioned = new URL(request.url).searchParams.get("v") === found.version;
    const headers = {
      etag: found.etag,
      "cache-control": isVersioned
        ? "private, max-age=31536000, immutable"
        : "private, max-age=300, must-revalidate",
    };
    if (request.headers.get("if-none-match") === found.etag) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(new Uint8Array(found.body), {
      headers: { ...headers, "content-type": "image/jpeg" },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
