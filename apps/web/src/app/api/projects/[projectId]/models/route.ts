/**
 * POST /api/projects/:projectId/models?filename=…&name=…
 * Body: the raw ONNX file, streamed to storage and validated with onnxruntime
 * (3-channel NCHW input, one output channel per class, the metadata the worker
 * needs). 201 with the registered model; 400/415 with the reason otherwise.
 */
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { AppError } from "@myoscope/core/errors/app-error";
import { z } from "zod";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { requireProjectRole } from "~/server/projects/require-project-role";
import { uploadSegmentationModel } from "~/server/segmentation/upload-segmentation-model";
import { getDb, getQueue, getStorage } from "~/server/services";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  filename: z.string().trim().min(1).max(255),
  name: z.string().trim().max(200).default(""),
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
    const model = await uploadSegmentationModel(
      { db: getDb(), getQueue, storage: getStorage() },
      {
        projectId,
        userId: user.id,
        originalFilename: parsed.data.filename,
        name: parsed.data.name,
        declaredBytes: length ? Number(length) : null,
        body: Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>),
      },
    );
    return Response.json({ model }, { status: 201 });
  } catch (error) {
    return toErrorResponse(error);
  }
}
