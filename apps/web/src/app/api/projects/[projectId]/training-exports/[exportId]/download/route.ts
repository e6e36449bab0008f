/**
 * GET /api/projects/:projectId/training-exports/:exportId/download
 * The zip of a finished training export, streamed from storage. Any project
 * member may download; ids of other projects and unfinished exports miss.
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { AppError } from "@myoscope/core/errors/app-error";
import { findTrainingExportDownload } from "@myoscope/db/training-exports";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { requireProjectRole } from "~/server/projects/require-project-role";
import { getDb, getStorage } from "~/server/services";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ projectId: string; exportId: string }> },
) {
  try {
    const { projectId, exportId } = await params;
    const user = await requireUser();
    const db = getDb();
    await requireProjectRole(db, { projectId, userId: user.id, minRole: "viewer" });
    const found = await findTrainingExportDownload(db, { projectId, exportId });
    if (!found) throw new AppError("NOT_FOUND", "training export not found or not finished");
    const path = await getStorage().localPath(found.storageKey);
    const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${found.fileName}"`,
        ...(found.byteSize !== null ? { "content-length": String(found.byteSize) } : {}),
        // The zip of an export never changes once committed.
        "cache-control": "private, max-age=86400, immutable",
      },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
