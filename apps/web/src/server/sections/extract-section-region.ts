/**
 * @module extract-section-region
 * Asks for a new section cut out of an existing one: a level-0 rectangle (or
 * the whole image) resampled to a coarser pixel size, as in the paper's step
 * from 0.22 µm/px whole-slide scans to 0.66 µm/px section images. The new
 * section (same subject, `sourceSectionId` and `sourceRegion` set) and its
 * extraction job are inserted in ONE transaction; the worker does the pixels.
 */
import { randomUUID } from "node:crypto";
import { AppError } from "@myoscope/core/errors/app-error";
import { validatePixelSize } from "@myoscope/core/sections/validate-pixel-size";
import { validateSlideDimensions } from "@myoscope/core/wsi/validate-slide-dimensions";
import { withTransaction } from "@myoscope/db/client";
import { findSection, insertSection, type SectionDto } from "@myoscope/db/sections";
import { sectionExtractJob } from "@myoscope/jobs/definitions/section-extract";
import { enqueueJob } from "@myoscope/jobs/enqueue-job";
import { getSectionOriginalKey } from "@myoscope/storage/section-keys";
import type { AppDeps } from "../deps.ts";

export interface ExtractSectionRegionInput {
  projectId: string;
  sectionId: string;
  userId: string;
  /** Level-0 pixels of the source; the whole image when absent. */
  region?: { x: number; y: number; width: number; height: number };
  /** Pixel size of the new section in µm/px; at least the source's (extraction only downsamples). */
  pixelSizeUm: number;
  name?: string;
}

function badRequest(message: string): AppError {
  return new AppError("BAD_REQUEST", message);
}

export async function extractSectionRegion(
  deps: Pick<AppDeps, "db" | "getQueue">,
  input: ExtractSectionRegionInput,
): Promise<{ section: SectionDto; jobId: string }> {
  try {
    validatePixelSize(input.pixelSizeUm);
  } catch (error) {
    throw badRequest((error as Error).message);
  }
  const source = await findSection(deps.db, input);
  if (!source) throw new AppError("NOT_FOUND", "section not found");
  if (source.status !== "ready" || !source.width || !source.height) {
    throw new AppError(
      "CONFLICT",
      "the section is still being processed; extract once it is ready",
    );
  }
  if (input.pixelSizeUm < source.pixelSizeUm) {
    throw badRequest(
      `pixelSizeUm must be at least the source's ${source.pixelSizeUm} µm/px (extraction only downsamples), got ${input.pixelSizeUm}`,
    );
  }
  const region = input.region ?? { x: 0, y: 0, width: source.width, height: source.height };
  if (region.x + region.width > source.width || region.y + region.height > source.height) {
    throw badRequest(
      `region must lie inside the ${source.width} × ${source.height} px image, got x=${region.x} y=${region.y} width=${region.width} height=${region.height}`,
    );
  }
  const scale = source.pixelSizeUm / input.pixelSizeUm;
  const outputWidth = Math.max(1, Math.round(region.width * scale));
  const outputHeight = Math.max(1, Math.round(region.height * scale));
  try {
    validateSlideDimensions({ width: outputWidth, height: outputHeight });
  } catch (error) {
    throw badRequest((error as Error).message);
  }

  const sectionId = randomUUID();
  const label = `${region.width}×${region.height} px at (${region.x}, ${region.y}), ${input.pixelSizeUm} µm/px`;
  const queue = await deps.getQueue();
  return withTransaction(deps.db, async (tx) => {
    const section = await insertSection(tx, {
      id: sectionId,
      projectId: input.projectId,
      subjectId: source.subject.id,
      name: input.name?.trim() || `${source.name} — ${label}`,
      pixelSizeUm: input.pixelSizeUm,
      stain: source.stain,
      preparation: source.preparation,
      muscles: source.muscles,
      acquisitionNotes: source.acquisitionNotes,
      storageKey: getSectionOriginalKey(input.projectId, sectionId, "tif"),
      originalFilename: `${source.originalFilename.replace(/\.[^.]+$/, "")}-extract.tif`,
      mimeType: "image/tiff",
      // The worker records the real size and hash together with the pixels.
      byteSize: 0,
      sha256: "",
      uploadedById: input.userId,
      vendor: "generic-tiff",
      properties: { extractedFrom: source.id, sourcePixelSizeUm: source.pixelSizeUm },
      sourceSectionId: source.id,
      sourceRegion: { ...region, outputWidth, outputHeight },
    });
    const job = await enqueueJob(
      tx,
      queue,
      sectionExtractJob,
      { sectionId },
      {
        projectId: input.projectId,
        createdById: input.userId,
      },
    );
    return { section, jobId: job.id };
  });
}
