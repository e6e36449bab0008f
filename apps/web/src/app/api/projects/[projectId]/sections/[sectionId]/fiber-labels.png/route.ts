/**
 * GET the section's fiber annotations as a 16-bit instance label PNG at the
 * section's size (fiber n = label n, in creation order). Any project member may read.
 */
import { renderFiberLabelsPng } from "~/server/annotations/render-fiber-labels";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { requireProjectRole } from "~/server/projects/require-project-role";
import { getDb } from "~/server/services";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ projectId: string; sectionId: string }> },
) {
  try {
    const { projectId, sectionId } = await params;
    const user = await requireUser();
    await requireProjectRole(getDb(), { projectId, userId: user.id, minRole: "viewer" });
    const png = await renderFiberLabelsPng({ db: getDb() }, { projectId, sectionId });
    return new Response(new Uint8Array(png), {
      headers: {
        "content-type": "image/png",
        "cache-control": "private, no-cache",
        "content-disposition": `attachment; filename="${sectionId}.fiber-labels.png"`,
      },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
