/**
 * A resumable upload (see ../route.ts):
 * GET → `{ uploadId, totalBytes, receivedBytes, chunkBytes }` (where to resume);
 * PUT ?offset=N, raw body → stores the chunk at N (N must equal receivedBytes, else 409);
 * DELETE → aborts and deletes what was received.
 * Only the editor who started the upload sees it; everyone else gets 404.
 */
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { AppError } from "@myoscope/core/errors/app-error";
import { toErrorResponse } from "~/server/http/error-response";
import { requireUser } from "~/server/http/require-user";
import { requireProjectRole } from "~/server/projects/require-project-role";
import { abortUpload, appendUploadChunk, readUpload } from "~/server/sections/chunked-upload";
import { getDb, getStorage } from "~/server/services";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; uploadId: string }> };

async function authorize({ params }: Params) {
  const { projectId, uploadId } = await params;
  const user = await requireUser();
  await requireProjectRole(getDb(), { projectId, userId: user.id, minRole: "editor" });
  return { projectId, uploadId, userId: user.id };
}

export async function GET(_request: Request, context: Params) {
  try {
    const ref = await authorize(context);
    return Response.json(await readUpload({ storage: getStorage() }, ref), {
      headers: { "cache-control": "no-store" },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}

export async function PUT(request: Request, context: Params) {
  try {
    const ref = await authorize(context);
    const offset = Number(new URL(request.url).searchParams.get("offset"));
    if (!Number.isInteger(offset) || offset < 0) {
      throw new AppError("BAD_REQUEST", "offset must be a non-negative integer");
    }
    if (!request.body) throw new AppError("BAD_REQUEST", "the request has no chunk");
    const length = request.headers.get("content-length");
    const progress = await appendUploadChunk(
      { db: getDb(), storage: getStorage() },
      {
        ...ref,
        offset,
        declaredBytes: length ? Number(length) : null,
        body: Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>),
      },
    );
    return Response.json(progress);
  } catch (error) {
    return toErrorResponse(error);
  }
}

export async function DELETE(_request: Request, context: Params) {
  try {
    const ref = await authorize(context);
    await abortUpload({ db: getDb(), storage: getStorage() }, ref);
    return new Response(null, { status: 204 });
  } catch (error) {
    return toErrorResponse(error);
  }
}
