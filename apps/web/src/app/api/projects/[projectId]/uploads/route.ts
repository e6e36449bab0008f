/**
 * POST /api/projects/:projectId/uploads  (JSON)
 * `{ filename, totalBytes, subjectId, pixelSizeUm?, name?, stain?, preparation?, muscles?, acquisitionNotes? }`
 * → 201 `{ uploadId, totalBytes, receivedBytes, chunkBytes }`. Starts a resumable
 * upload; then PUT chunks to `uploads/:uploadId?offset=…` and POST `…/complete`.
 * Editors only, as for the one-shot upload.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import { z } from "zod";
import { getEnv } from "~/env";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { requireProjectRole } from "~/server/projects/require-project-role";
import { createUpload } from "~/server/sections/chunked-upload";
import { getDb, getStorage } from "~/server/services";

export const dynamic = "force-dynamic";

const bodySchema = z.object({
  filename: z.string().trim().min(1).max(255),
  totalBytes: z.number().int().positive(),
  subjectId: z.string().min(1).max(64),
  pixelSizeUm: z.number().nullable().default(null),
  name: z.string().trim().max(200).default(""),
  stain: z.string().trim().min(1).max(40).default("H&E"),
  preparation: z.enum(["ffpe", "cryo", "unknown"]).default("unknown"),
  muscles: z.array(z.string().trim().min(1).max(80)).max(20).default([]),
  acquisitionNotes: z.string().max(5000).default(""),
});

export async function POST(
  request: Request,
  { params }: { params: Promise<{ projectId: string }> },
) {
  try {
    const { projectId } = await params;
    const user = await requireUser();
    await requireProjectRole(getDb(), { projectId, userId: user.id, minRole: "editor" });
    const parsed = bodySchema.safeParse(await request.json().catch(() => null));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError("BAD_REQUEST", `${issue?.path.join(".")}: ${issue?.message}`);
    }
    const { totalBytes, ...metadata } = parsed.data;
    const upload = await createUpload(
      { db: getDb(), storage: getStorage() },
      {
        projectId,
        userId: user.id,
        totalBytes,
        maxBytes: getEnv().MAX_UPLOAD_MB * 1024 * 1024,
        metadata,
      },
    );
    return Response.json(upload, { status: 201 });
  } catch (error) {
    return toErrorResponse(error);
  }
}
