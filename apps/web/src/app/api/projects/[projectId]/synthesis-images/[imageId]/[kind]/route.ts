/**
 * GET a synthetic image's file: `image`, `labels` (16-bit PNG), `classes` or
 * `thumbnail`. Any project member may read; ids of other projects miss.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import {
  findSynthesisImageFileKey,
  type SynthesisImageFileKind,
} from "@myoscope/db/synthesis-runs";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { requireProjectRole } from "~/server/projects/require-project-role";
import { getDb, getStorage } from "~/server/services";

export const dynamic = "force-dynamic";

const CONTENT_TYPE: Record<SynthesisImageFileKind, string> = {
  image: "image/png",
  labels: "image/png",
  classes: "image/png",
  thumbnail: "image/jpeg",
};

function isFileKind(kind: string): kind is SynthesisImageFileKind {
  return Object.hasOwn(CONTENT_TYPE, kind);
}

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ projectId: string; imageId: string; kind: string }> },
) {
  try {
    const { projectId, imageId, kind } = await params;
    const user = await requireUser();
    await requireProjectRole(getDb(), { projectId, userId: user.id, minRole: "viewer" });
    if (!isFileKind(kind)) throw new AppError("NOT_FOUND", `unknown file kind "${kind}"`);
    const key = await findSynthesisImageFileKey(getDb(), { projectId, imageId, kind });
    if (!key) throw new AppError("NOT_FOUND", "synthetic image not found");
    const body = await getStorage().get(key);
    return new Response(new Uint8Array(body), {
      headers: {
        "content-type": CONTENT_TYPE[kind],
        // Images of a run never change once committed.
        "cache-control": "private, max-age=86400, immutable",
      },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
