/**
 * POST /api/projects/:projectId/sections?subjectId=…&pixelSizeUm=…&name=…&filename=…
 * Body: the raw file bytes (SVS, NDPI, OME-TIFF, TIFF, PNG or JPEG, detected by
 * content), streamed to storage. `pixelSizeUm` may be left out when the file
 * records it. Large files go through the chunked `uploads` routes instead.
 * Not tRPC because the body is a file, but guarded by the same role check.
 */
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { AppError } from "@myoscope/core/errors/app-error";
import { z } from "zod";
import { getEnv } from "~/env";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { requireProjectRole } from "~/server/projects/require-project-role";
import { uploadSection } from "~/server/sections/upload-section";
import { getDb, getQueue, getStorage } from "~/server/services";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  subjectId: z.string().min(1).max(64),
  // Empty means "take it from the file"; z.coerce would turn "" into 0.
  pixelSizeUm: z.preprocess(
    (v) => (v === "" || v === undefined ? null : v),
    z.coerce.number({ message: "pixelSizeUm must be a number" }).nullable(),
  ),
  filename: z.string().trim().min(1).max(255),
  name: z.string().trim().max(200).default(""),
  stain: z.string().trim().min(1).max(40).default("H&E"),
  preparation: z.enum(["ffpe", "cryo", "unknown"]).default("unknown"),
  muscles: z.string().max(500).default(""),
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
    const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError("BAD_REQUEST", `${issue?.path.join(".")}: ${issue?.message}`);
    }
    if (!request.body) throw new AppError("BAD_REQUEST", "the request has no file");
    const length = request.headers.get("content-length");
    const { muscles, filename, ...meta } = parsed.data;
    const result = await uploadSection(
      { db: getDb(), getQueue, storage: getStorage() },
      {
        ...meta,
        projectId,
        userId: user.id,
        originalFilename: filename,
        muscles: muscles
          .split(",")
          .map((m) => m.trim())
          .filter(Boolean),
        declaredBytes: length ? Number(length) : null,
        body: Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>),
        maxBytes: getEnv().MAX_UPLOAD_MB * 1024 * 1024,
      },
    );
    return Response.json({ sectionId: result.section.id, jobId: result.jobId }, { status: 201 });
  } catch (error) {
    return toErrorResponse(error);
  }
}
