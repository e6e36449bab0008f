/**
 * @module section-thumbnail
 * Reads an uploaded section image with sharp, records width, height, channels
 * and format, and writes a 512 px PNG thumbnail next to the original.
 */
import { findSectionFiles, markSectionFailed, saveSectionImageInfo } from "@myoscope/db/sections";
import type { JobPayload } from "@myoscope/jobs/define-job";
import type { sectionThumbnailJob } from "@myoscope/jobs/definitions/section-thumbnail";
import sharp, { type Metadata } from "sharp";
import { type JobContext, PermanentJobError } from "./job-context.ts";

const THUMBNAIL_SIZE = 512;
// Whole sections are large; sharp's default pixel limit (268 MP) would refuse them.
const MAX_INPUT_PIXELS = 4_000_000_000;

export async function handleSectionThumbnail(
  ctx: JobContext<JobPayload<typeof sectionThumbnailJob>>,
): Promise<void> {
  const files = await findSectionFiles(ctx.db, { sectionId: ctx.payload.sectionId });
  if (!files) throw new PermanentJobError(`section ${ctx.payload.sectionId} no longer exists`);

  await ctx.progress(10, "reading image");
  const path = await ctx.storage.localPath(files.storageKey);
  const image = () => sharp(path, { limitInputPixels: MAX_INPUT_PIXELS, sequentialRead: true });
  let metadata: Metadata;
  let thumbnail: Buffer;
  try {
    metadata = await image().metadata();
    await ctx.progress(40, "rendering thumbnail");
    thumbnail = await image()
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
      .png()
      .toBuffer();
  } catch (error) {
    await markSectionFailed(ctx.db, files.id);
    throw new PermanentJobError(`cannot decode image: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const { width, height, channels, format } = metadata;
  if (!width || !height || !channels || !format) {
    await markSectionFailed(ctx.db, files.id);
    throw new PermanentJobError("image has no dimensions");
  }

  await ctx.progress(70, "storing thumbnail");
  const thumbnailKey = `${files.storageKey.replace(/\/[^/]+$/, "")}/thumbnail.png`;
  // Storage writes are atomic and keyed by section, so a retry simply overwrites.
  await ctx.storage.put(thumbnailKey, thumbnail);

  await ctx.progress(90, "saving metadata");
  await ctx.failpoint("section.thumbnail.before-commit");
  await ctx.commit(async (tx) => {
    await saveSectionImageInfo(tx, {
      sectionId: files.id,
      width,
      height,
      channels,
      format,
      thumbnailKey,
    });
    return { width, height, channels, format };
  }, `${width}×${height} ${format}`);
}
