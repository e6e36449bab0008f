/**
 * GET a section's annotations as QuPath-compatible GeoJSON (level-0 pixels,
 * y down); `?kind=fiber` (repeatable) filters. Any project member may read.
 */
import {
  ANNOTATION_KINDS,
  type AnnotationKind,
} from "@myoscope/core/annotations/annotation-classes";
import { AppError } from "@myoscope/core/errors/app-error";
import { exportAnnotationsGeoJson } from "~/server/annotations/export-annotations-geojson";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { requireProjectRole } from "~/server/projects/require-project-role";
import { getDb } from "~/server/services";

export const dynamic = "force-dynamic";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ projectId: string; sectionId: string }> },
) {
  try {
    const { projectId, sectionId } = await params;
    const user = await requireUser();
    await requireProjectRole(getDb(), { projectId, userId: user.id, minRole: "viewer" });
    const asked = new URL(request.url).searchParams.getAll("kind");
    for (const kind of asked) {
      if (!(ANNOTATION_KINDS as readonly string[]).includes(kind)) {
        throw new AppError("BAD_REQUEST", `unknown annotation kind "${kind}"`);
      }
    }
    const kinds = asked.length > 0 ? (asked as AnnotationKind[]) : undefined;
    const collection = await exportAnnotationsGeoJson(
      { db: getDb() },
      { projectId, sectionId, kinds },
    );
    return new Response(JSON.stringify(collection), {
      headers: {
        "content-type": "application/geo+json",
        "cache-control": "private, no-cache",
        "content-disposition": `attachment; filename="${sectionId}.annotations.geojson"`,
      },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
