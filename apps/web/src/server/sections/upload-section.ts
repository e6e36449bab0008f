/**
 * @module upload-section
 * Stores an uploaded image and registers it as a section. Order matters for
 * "nothing is lost, nothing half-written": validate everything that can be
 * validated before reading the body; stream the body to storage under a fresh
 * id with a byte limit; check with sharp that it is a PNG, JPEG or TIFF; then
 * insert the section row and enqueue its thumbnail job in ONE transaction.
 * Any failure after the file was written deletes it again.
 */
import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { AppError } from "@myoscope/core/errors/app-error";
import { validatePixelSize } from "@myoscope/core/sections/validate-pixel-size";
import { withTransaction } from "@myoscope/db/client";
import { insertSection, type SectionDto, type SectionMetadataInput } from "@myoscope/db/sections";
import { findSubject } from "@myoscope/db/subjects";
import { sectionThumbnailJob } from "@myoscope/jobs/definitions/section-thumbnail";
import { enqueueJob } from "@myoscope/jobs/enqueue-job";
import { getSectionOriginalKey, getSectionPrefix } from "@myoscope/storage/section-keys";
import sharp from "sharp";
import type { AppDeps } from "../deps.ts";

const ACCEPTED_FORMATS: Record<string, { extension: string; mimeType: string }> = {
  png: { extension: "png", mimeType: "image/png" },
  jpeg: { extension: "jpg", mimeType: "image/jpeg" },
  tiff: { extension: "tif", mimeType: "image/tiff" },
};

export interface UploadSectionInput extends SectionMetadataInput {
  projectId: string;
  subjectId: string;
  userId: string;
  originalFilename: string;
  /** Content-Length when the client sent one; checked before reading. */
  declaredBytes: number | null;
  body: Readable;
  maxBytes: number;
}

export async function uploadSection(
  deps: AppDeps,
  input: UploadSectionInput,
): Promise<{ section: SectionDto; jobId: string }> {
  try {
    validatePixelSize(input.pixelSizeUm);
  } catch (error) {
    throw new AppError("BAD_REQUEST", (error as Error).message);
  }
  if (input.declaredBytes !== null && input.declaredBytes > input.maxBytes) {
    throw tooLarge(input.maxBytes);
  }
  const subject = await findSubject(deps.db, {
    projectId: input.projectId,
    subjectId: input.subjectId,
  });
  if (!subject) throw new AppError("NOT_FOUND", "subject not found in this project");

  const sectionId = randomUUID();
  const uploadKey = `${getSectionPrefix(input.projectId, sectionId)}upload.bin`;
  try {
    const { byteSize, sha256 } = await storeWithLimit(deps, uploadKey, input.body, input.maxBytes);
    if (byteSize === 0) throw new AppError("BAD_REQUEST", "the uploaded file is empty");
    const format = await detectImageFormat(await deps.storage.localPath(uploadKey));
    const storageKey = getSectionOriginalKey(input.projectId, sectionId, format.extension);
    await deps.storage.move(uploadKey, storageKey);

    const queue = await deps.getQueue();
    return await withTransaction(deps.db, async (tx) => {
      const section = await insertSection(tx, {
        id: sectionId,
        projectId: input.projectId,
        subjectId: input.subjectId,
        name: input.name.trim() || input.originalFilename,
        pixelSizeUm: input.pixelSizeUm,
        stain: input.stain,
        preparation: input.preparation,
        muscles: input.muscles,
        acquisitionNotes: input.acquisitionNotes,
        storageKey,
        originalFilename: input.originalFilename,
        mimeType: format.mimeType,
        byteSize,
        sha256,
        uploadedById: input.userId,
      });
      const job = await enqueueJob(
        tx,
        queue,
        sectionThumbnailJob,
        { sectionId },
        {
          projectId: input.projectId,
          createdById: input.userId,
        },
      );
      return { section, jobId: job.id };
    });
  } catch (error) {
    await deps.storage.delete(getSectionPrefix(input.projectId, sectionId));
    throw error;
  }
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError(
    "PAYLOAD_TOO_LARGE",
    `the file is larger than the upload limit of ${Math.round(maxBytes / 1024 / 1024)} MB`,
  );
}

/** Streams `body` to storage under `key`, cut off past `maxBytes`; returns its size and sha256. */
export async function storeWithLimit(
  deps: Pick<AppDeps, "storage">,
  key: string,
  body: Readable,
  maxBytes: number,
): Promise<{ byteSize: number; sha256: string }> {
  const hash = createHash("sha256");
  let byteSize = 0;
  // A lazy generator: nothing is read before storage consumes it, and a limit
  // breach surfaces as the storage write's rejection (no stray stream errors).
  async function* metered(): AsyncGenerator<Buffer> {
    for await (const chunk of body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      byteSize += buffer.length;
      if (byteSize > maxBytes) throw tooLarge(maxBytes);
      hash.update(buffer);
      yield buffer;
    }
  }
  await deps.storage.put(key, Readable.from(metered()));
  return { byteSize, sha256: hash.digest("hex") };
}

async function detectImageFormat(path: string): Promise<{ extension: string; mimeType: string }> {
  let format: string | undefined;
  try {
    ({ format } = await sharp(path, { limitInputPixels: false }).metadata());
  } catch {
    format = undefined;
  }
  const accepted = format ? ACCEPTED_FORMATS[format] : undefined;
  if (!accepted) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      format
        ? `${format.toUpperCase()} images are not supported; upload PNG, JPEG or TIFF`
        : "the file is not a readable image; upload PNG, JPEG or TIFF",
    );
  }
  return accepted;
}
