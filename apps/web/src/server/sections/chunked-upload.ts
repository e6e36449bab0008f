/**
 * @module chunked-upload
 * Resumable uploads for whole-slide files (hundreds of MB to GB): create a
 * session with the file's size and section metadata, PUT chunks at increasing
 * offsets, ask for the received offset after a dropped connection and go on
 * from there, then complete, which runs the ordinary upload (content detection,
 * pixel size, one transaction with the ingest job) over the stored chunks.
 *
 * A session lives in storage (`projects/<p>/uploads/<id>/`: session.json and
 * one file per chunk), belongs to the user who created it (anyone else gets
 * NOT_FOUND) and is deleted once completed, refused or aborted, so a bad file
 * leaves nothing behind. One that nobody writes to for `UPLOAD_MAX_IDLE_HOURS`
 * (default 24) is deleted by the worker (`removeAbandonedUploads`).
 */
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { AppError } from "@myoscope/core/errors/app-error";
import { validatePixelSize } from "@myoscope/core/sections/validate-pixel-size";
import { withTransaction } from "@myoscope/db/client";
import type { Preparation } from "@myoscope/db/prisma-types";
import type { SectionDto } from "@myoscope/db/sections";
import { findSubject } from "@myoscope/db/subjects";
import { lockUploadSession } from "@myoscope/db/upload-locks";
import { getUploadPrefix } from "@myoscope/storage/section-keys";
import { z } from "zod";
import type { AppDeps } from "../deps.ts";
import { storeWithLimit, tooLarge, uploadSection } from "./upload-section.ts";

/** The chunk size clients should use. */
export const UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;
/** The largest chunk the server accepts. */
export const MAX_UPLOAD_CHUNK_BYTES = 32 * 1024 * 1024;

export interface UploadMetadata {
  subjectId: string;
  filename: string;
  /** null: take the pixel size from the file. */
  pixelSizeUm: number | null;
  name: string;
  stain: string;
  preparation: Preparation;
  muscles: string[];
  acquisitionNotes: string;
}

const sessionSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  userId: z.string(),
  totalBytes: z.number().int(),
  receivedBytes: z.number().int(),
  chunkOffsets: z.array(z.number().int()),
  createdAt: z.string(),
  metadata: z.object({
    subjectId: z.string(),
    filename: z.string(),
    pixelSizeUm: z.number().nullable(),
    name: z.string(),
    stain: z.string(),
    preparation: z.enum(["ffpe", "cryo", "unknown"]),
    muscles: z.array(z.string()),
    acquisitionNotes: z.string(),
  }),
});
type UploadSession = z.infer<typeof sessionSchema>;

export interface UploadProgress {
  uploadId: string;
  totalBytes: number;
  receivedBytes: number;
  chunkBytes: number;
}

interface SessionRef {
  projectId: string;
  userId: string;
  uploadId: string;
}

const sessionKey = (projectId: string, uploadId: string) =>
  `${getUploadPrefix(projectId, uploadId)}session.json`;
const chunkKey = (projectId: string, uploadId: string, offset: number) =>
  `${getUploadPrefix(projectId, uploadId)}chunk-${String(offset).padStart(15, "0")}.part`;

function toProgress(session: UploadSession): UploadProgress {
  return {
    uploadId: session.id,
    totalBytes: session.totalBytes,
    receivedBytes: session.receivedBytes,
    chunkBytes: UPLOAD_CHUNK_BYTES,
  };
}

async function loadSession(
  deps: Pick<AppDeps, "storage">,
  ref: SessionRef,
): Promise<UploadSession> {
  const missing = new AppError(
    "NOT_FOUND",
    "upload not found; it may have been completed or aborted",
  );
  if (!/^[0-9a-f-]{36}$/.test(ref.uploadId)) throw missing;
  const key = sessionKey(ref.projectId, ref.uploadId);
  if (!(await deps.storage.exists(key))) throw missing;
  const session = sessionSchema.parse(JSON.parse((await deps.storage.get(key)).toString("utf8")));
  // Another user's upload is indistinguishable from none.
  if (session.userId !== ref.userId || session.projectId !== ref.projectId) throw missing;
  return session;
}

export async function createUpload(
  deps: Pick<AppDeps, "db" | "storage">,
  input: {
    projectId: string;
    userId: string;
    totalBytes: number;
    maxBytes: number;
    metadata: UploadMetadata;
  },
): Promise<UploadProgress> {
  if (!Number.isInteger(input.totalBytes) || input.totalBytes < 1) {
    throw new AppError(
      "BAD_REQUEST",
      `totalBytes must be a positive integer, got ${input.totalBytes}`,
    );
  }
  if (input.totalBytes > input.maxBytes) throw tooLarge(input.maxBytes);
  if (input.metadata.pixelSizeUm !== null) {
    try {
      validatePixelSize(input.metadata.pixelSizeUm);
    } catch (error) {
      throw new AppError("BAD_REQUEST", (error as Error).message);
    }
  }
  const subject = await findSubject(deps.db, {
    projectId: input.projectId,
    subjectId: input.metadata.subjectId,
  });
  if (!subject) throw new AppError("NOT_FOUND", "subject not found in this project");
  const session: UploadSession = {
    id: randomUUID(),
    projectId: input.projectId,
    userId: input.userId,
    totalBytes: input.totalBytes,
    receivedBytes: 0,
    chunkOffsets: [],
    createdAt: new Date().toISOString(),
    metadata: input.metadata,
  };
  await deps.storage.put(
    sessionKey(session.projectId, session.id),
    Buffer.from(JSON.stringify(session)),
  );
  return toProgress(session);
}

export async function readUpload(
  deps: Pick<AppDeps, "storage">,
  ref: SessionRef,
): Promise<UploadProgress> {
  return toProgress(await loadSession(deps, ref));
}

/**
 * Stores the chunk starting at `offset`, which must equal the bytes received so
 * far (a client that lost a response asks `readUpload` and resumes there).
 *
 * The body streams to a key of its own without any lock; then, in a short
 * transaction holding the upload's advisory lock, the offset is checked again
 * and the chunk and the session record are committed. Two requests for the same
 * offset (a client retrying a chunk whose response it lost) thus cannot both
 * count: the second gets CONFLICT and its bytes are deleted.
 */
export async function appendUploadChunk(
  deps: Pick<AppDeps, "db" | "storage">,
  input: SessionRef & { offset: number; body: Readable; declaredBytes: number | null },
): Promise<UploadProgress> {
  const session = await loadSession(deps, input);
  const expectOffset = (current: UploadSession) => {
    if (input.offset !== current.receivedBytes) {
      throw new AppError(
        "CONFLICT",
        `offset must be ${current.receivedBytes} (the bytes received so far), got ${input.offset}`,
      );
    }
  };
  expectOffset(session);
  const remaining = session.totalBytes - session.receivedBytes;
  const limit = Math.min(MAX_UPLOAD_CHUNK_BYTES, remaining);
  if (input.declaredBytes !== null && input.declaredBytes > limit) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `a chunk here may have at most ${limit} bytes, got ${input.declaredBytes}`,
    );
  }
  const key = chunkKey(session.projectId, session.id, input.offset);
  const receiving = `${key}.${randomUUID()}.receiving`;
  try {
    const { byteSize } = await storeWithLimit(deps, receiving, input.body, limit);
    if (byteSize === 0) throw new AppError("BAD_REQUEST", "the chunk is empty");
    return await withTransaction(deps.db, async (tx) => {
      await lockUploadSession(tx, session.id);
      const current = await loadSession(deps, input);
      expectOffset(current);
      await deps.storage.move(receiving, key);
      const updated = {
        ...current,
        receivedBytes: current.receivedBytes + byteSize,
        chunkOffsets: [...current.chunkOffsets, input.offset],
      };
      await deps.storage.put(
        sessionKey(session.projectId, session.id),
        Buffer.from(JSON.stringify(updated)),
      );
      return toProgress(updated);
    });
  } finally {
    // Moved into place on success; otherwise nothing of it is kept.
    await deps.storage.delete(receiving);
  }
}

/** Turns a fully received upload into a section (see uploadSection); the session goes away. */
export async function completeUpload(
  deps: AppDeps,
  input: SessionRef & { maxBytes: number },
): Promise<{ section: SectionDto; jobId: string }> {
  const session = await loadSession(deps, input);
  if (session.receivedBytes !== session.totalBytes) {
    throw new AppError(
      "CONFLICT",
      `the upload is incomplete: ${session.receivedBytes} of ${session.totalBytes} bytes received`,
    );
  }
  // Claim the upload first (a rename: only one caller wins), so that a client
  // retrying `complete` after a timeout cannot turn one upload into two sections.
  const claimed = `${getUploadPrefix(session.projectId, session.id)}completing.json`;
  // Under the upload's lock, so no chunk commit or abort interleaves with the claim.
  await withTransaction(deps.db, async (tx) => {
    await lockUploadSession(tx, session.id);
    try {
      await deps.storage.move(sessionKey(session.projectId, session.id), claimed);
    } catch {
      throw new AppError("CONFLICT", "the upload is already being completed");
    }
  });
  const prefix = getUploadPrefix(session.projectId, session.id);
  async function* chunks(): AsyncGenerator<Buffer> {
    for (const offset of session.chunkOffsets) {
      yield await deps.storage.get(chunkKey(session.projectId, session.id, offset));
    }
  }
  const { filename, ...metadata } = session.metadata;
  try {
    const result = await uploadSection(deps, {
      ...metadata,
      projectId: session.projectId,
      userId: session.userId,
      originalFilename: filename,
      declaredBytes: session.totalBytes,
      body: Readable.from(chunks()),
      maxBytes: input.maxBytes,
    });
    // The section exists now: failing to tidy the chunks must not report a failure.
    await deps.storage.delete(prefix).catch(() => undefined);
    return result;
  } catch (error) {
    // A refused file is final; other failures (database down) keep the chunks for a retry.
    if (error instanceof AppError) await deps.storage.delete(prefix);
    else await deps.storage.move(claimed, sessionKey(session.projectId, session.id));
    throw error;
  }
}

/** Deletes an upload and what it received, under its lock so a chunk commit cannot revive it. */
export async function abortUpload(
  deps: Pick<AppDeps, "db" | "storage">,
  ref: SessionRef,
): Promise<void> {
  await loadSession(deps, ref);
  await withTransaction(deps.db, async (tx) => {
    await lockUploadSession(tx, ref.uploadId);
    await loadSession(deps, ref);
    await deps.storage.delete(getUploadPrefix(ref.projectId, ref.uploadId));
  });
}
