/**
 * POST /api/projects/:projectId/uploads/:uploadId/complete
 * → 201 `{ sectionId, jobId }` once every byte arrived: the file is checked like a
 * one-shot upload and becomes a section with its ingest job; the upload is deleted.
 */
import { getEnv } from "~/env";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { requireProjectRole } from "~/server/projects/require-project-role";
import { completeUpload } from "~/server/sections/chunked-upload";
import { getDb, getQueue, getStorage } from "~/server/services";

export const dynamic = "force-dynamic";

export async function POST(
  _request: Request,
  { params }: { params: Promise<{ projectId: string; uploadId: string }> },
) {
  try {
    const { projectId, uploadId } = await params;
    const user = await requireUser();
    await requireProjectRole(getDb(), { projectId, userId: user.id, minRole: "editor" });
    const result = await completeUpload(
      { db: getDb(), getQueue, storage: getStorage() },
      { projectId, uploadId, userId: user.id, maxBytes: getEnv().MAX_UPLOAD_MB * 1024 * 1024 },
    );
    return Response.json({ sectionId: result.section.id, jobId: result.jobId }, { status: 201 });
  } catch (error) {
    return toErrorResponse(error);
  }
}
