/**
 * @module upload-section
 * Stores an uploaded image or whole-slide file and registers it as a section.
 * Order matters for "nothing is lost, nothing half-written": validate everything
 * that can be validated before reading the body; stream the body to storage
 * under a fresh id with a byte limit; inspect it by content (SVS, NDPI, OME-TIFF,
 * TIFF, PNG, JPEG; truncation; dimensions); resolve the pixel size; then insert
 * the section row and enqueue its ingest job in ONE transaction. Any failure
 * after the file was written deletes it again.
 *
 * Pixel size: a value given with the upload wins (the user knows better than a
 * mis-calibrated scanner); without one, the file's own calibration is used
 * (OpenSlide MPP, OME-XML, ImageJ, TIFF resolution); a file without either is
 * refused with a message asking for it.
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
import type { AppDeps } from "../deps.ts";
import { inspectSectionFile } from "./inspect-section-file.ts";

export interface UploadSectionInput extends Omit<SectionMetadataInput, "pixelSizeUm"> {
  /** µm/px; null takes the pixel size recorded in the file. */
  pixelSizeUm: number | null;
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
  if (input.pixelSizeUm !== null) checkPixelSize(input.pixelSizeUm);
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
    if (input.declaredBytes !== null && byteSize !== input.declaredBytes) {
      throw new AppError(
        "BAD_REQUEST",
        `received ${byteSize} bytes but ${input.declaredBytes} were announced; upload the file again`,
      );
    }
    const file = await inspectSectionFile(await deps.storage.localPath(uploadKey));
    const pixelSizeUm = input.pixelSizeUm ?? file.pixelSize?.pixelSizeUm;
    if (pixelSizeUm === undefined) {
      throw new AppError(
        "BAD_REQUEST",
        `this ${file.format} file does not record its pixel size; enter the pixel size (µm/px)`,
      );
    }
    checkPixelSize(pixelSizeUm);
    const storageKey = getSectionOriginalKey(input.projectId, sectionId, file.extension);
    await deps.storage.move(uploadKey, storageKey);

    const queue = await deps.getQueue();
    return await withTransaction(deps.db, async (tx) => {
      const section = await insertSection(tx, {
        id: sectionId,
        projectId: input.projectId,
        subjectId: input.subjectId,
        name: input.name.trim() || input.originalFilename,
        pixelSizeUm,
        stain: input.stain,
        preparation: input.preparation,
        muscles: input.muscles,
        acquisitionNotes: input.acquisitionNotes,
        storageKey,
        originalFilename: input.originalFilename,
        mimeType: file.mimeType,
        byteSize,
        sha256,
        uploadedById: input.userId,
        vendor: file.vendor,
        properties: {
          ...file.properties,
          pixelSizeSource: input.pixelSizeUm === null ? "file" : "upload",
        },
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

function checkPixelSize(pixelSizeUm: number): void {
  try {
    validatePixelSize(pixelSizeUm);
  } catch (error) {
    throw new AppError("BAD_REQUEST", (error as Error).message);
  }
}
