/**
 * @module section-extract
 * The extraction job (`section.extract`): cuts the recorded region out of the
 * source section at the new section's pixel size, stores it as the new
 * section's original (a tiled TIFF), then ingests it like an upload. The file's
 * size and hash commit together with the ingest, so a failed attempt publishes
 * nothing; a retry overwrites the same original.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";
import {
  findSectionExtraction,
  markSectionFailed,
  saveSectionFileFacts,
} from "@myoscope/db/sections";
import type { JobPayload } from "@myoscope/jobs/define-job";
import type { sectionExtractJob } from "@myoscope/jobs/definitions/section-extract";
import { getSectionPrefix } from "@myoscope/storage/section-keys";
import { z } from "zod";
import { extractRegion } from "../wsi/extract-region.ts";
import { type JobContext, PermanentJobError } from "./job-context.ts";
import { ingestSection } from "./section-thumbnail.ts";

/** What the web app records in `section.sourceRegion` when it asks for an extraction. */
export const sourceRegionSchema = z.object({
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  outputWidth: z.number().int().min(1),
  outputHeight: z.number().int().min(1),
});

const sourcePropertiesSchema = z.object({
  loader: z.string().optional(),
  levels: z.array(z.object({ downsample: z.number() })).optional(),
});

async function hashFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function handleSectionExtract(
  ctx: JobContext<JobPayload<typeof sectionExtractJob>>,
): Promise<void> {
  const section = await findSectionExtraction(ctx.db, ctx.payload.sectionId);
  if (!section) throw new PermanentJobError(`section ${ctx.payload.sectionId} no longer exists`);
  const fail = async (message: string, cause?: unknown): Promise<never> => {
    await markSectionFailed(ctx.db, section.id);
    throw new PermanentJobError(message, { cause });
  };
  const source = section.sourceSection;
  const region = sourceRegionSchema.safeParse(section.sourceRegion);
  if (source?.status !== "ready") return fail("the source section is gone or not ready");
  if (!region.success) return fail(`invalid source region: ${region.error.message}`);
  const properties = sourcePropertiesSchema.safeParse(source.properties);
  const isVendorSlide = properties.success && properties.data.loader === "openslideload";
  const levels = properties.success ? properties.data.levels : undefined;

  await ctx.progress(5, "extracting region");
  const partialKey = `${getSectionPrefix(section.projectId, section.id)}extract.partial.tif`;
  const partialPath = await ctx.storage.localPath(partialKey);
  await mkdir(dirname(partialPath), { recursive: true });
  try {
    await extractRegion({
      inputPath: await ctx.storage.localPath(source.storageKey),
      isVendorSlide,
      levelDownsamples: levels?.map((level) => level.downsample) ?? [1],
      region: region.data,
      outputWidth: region.data.outputWidth,
      outputHeight: region.data.outputHeight,
      outputPixelSizeUm: section.pixelSizeUm,
      outputPath: partialPath,
    });
  } catch (error) {
    await ctx.storage.delete(partialKey);
    return fail(`cannot extract the region: ${(error as Error).message}`, error);
  }
  const byteSize = (await stat(partialPath)).size;
  const sha256 = await hashFile(partialPath);
  await ctx.storage.move(partialKey, section.storageKey);

  await ingestSection(ctx, {
    sectionId: section.id,
    progressSpan: [40, 100],
    writeWithCommit: (tx) => saveSectionFileFacts(tx, { sectionId: section.id, byteSize, sha256 }),
  });
}
