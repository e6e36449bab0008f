/**
 * GET a segmentation run's picture: `overlay` (fiber outlines over the section),
 * `thickness` (connective-tissue local thickness), `labels` (16-bit instance
 * labels), `muscle` (8-bit muscle mask) or `connective` (8-bit connective tissue). Any project member may read; runs of other projects miss.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { findSegmentationRun } from "@myoscope/db/segmentation-runs";
import {
  getSegmentationFileKey,
  type SegmentationFileKind,
} from "@myoscope/storage/segmentation-keys";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { requireProjectRole } from "~/server/projects/require-project-role";
import { getDb, getStorage } from "~/server/services";

export const dynamic = "force-dynamic";

const KINDS: readonly SegmentationFileKind[] = [
  "overlay",
  "thickness",
  "labels",
  "muscle",
  "connective",
];
/** Data images (not pictures) download under the run's name. */
const DOWNLOADED: readonly SegmentationFileKind[] = ["labels", "muscle", "connective"];

function isFileKind(kind: string): kind is SegmentationFileKind {
  return (KINDS as readonly string[]).includes(kind);
}

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ projectId: string; runId: string; kind: string }> },
) {
  try {
    const { projectId, runId, kind } = await params;
    const user = await requireUser();
    await requireProjectRole(getDb(), { projectId, userId: user.id, minRole: "viewer" });
    if (!isFileKind(kind)) throw new AppError("NOT_FOUND", `unknown file kind "${kind}"`);
    const run = await findSegmentationRun(getDb(), { projectId, runId });
    // Files of an attempt that never committed are not results.
    if (run?.status !== "succeeded") {
      throw new AppError("NOT_FOUND", "segmentation run not found or not finished");
    }
    const key = getSegmentationFileKey({ projectId, sectionId: run.section.id, id: run.id }, kind);
    const storage = getStorage();
    if (!(await storage.exists(key)))
      throw new AppError("NOT_FOUND", `this run has no ${kind} image`);
    const body = await storage.get(key);
    return new Response(new Uint8Array(body), {
      headers: {
        "content-type": "image/png",
        // A re-run rewrites the files, so the browser must revalidate.
        "cache-control": "private, no-cache",
        ...(DOWNLOADED.includes(kind)
          ? { "content-disposition": `attachment; filename="${run.id}.${kind}.png"` }
          : {}),
      },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
