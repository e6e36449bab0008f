/** GET the section's PNG thumbnail; any project member may view it. */
import { AppError } from "@myoscope/core/errors/app-error";
import { findSectionFiles } from "@myoscope/db/sections";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { requireProjectRole } from "~/server/projects/require-project-role";
import { getDb, getStorage } from "~/server/services";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ projectId: string; sectionId: string }> },
) {
  try {
    const { projectId, sectionId } = await params;
    const user = await requireUser();
    await requireProjectRole(getDb(), { projectId, userId: user.id, minRole: "viewer" });
    const files = await findSectionFiles(getDb(), { sectionId, projectId });
    if (!files?.thumbnailKey) throw new AppError("NOT_FOUND", "no thumbnail yet");
    const png = await getStorage().get(files.thumbnailKey);
    return new Response(new Uint8Array(png), {
      headers: { "content-type": "image/png", "cache-control": "private, max-age=300" },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
