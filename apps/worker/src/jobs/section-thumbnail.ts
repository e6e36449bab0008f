/**
 * @module section-thumbnail
 * The ingest job (`section.thumbnail`): reads an uploaded image or whole-slide
 * file, records its size, vendor and scanner properties, writes a 512 px PNG
 * thumbnail and a DeepZoom tile pyramid, and publishes all of it with status
 * `ready` in one transaction. Vendor slides (SVS, NDPI, ...) go through `vips`
 * with OpenSlide; ordinary PNG/JPEG/TIFF through sharp.
 *
 * Atomic and idempotent: each attempt builds its pyramid in its own folder
 * `pyramid-<job>-<attempt>.partial/`, renames it into place, and only the commit
 * makes it live. Folders of earlier attempts of this job that never went live
 * are deleted first; a replaced pyramid is deleted after the commit.
 */
import { mkdir, readFile, rm } from "node:fs/promises";
import type { SlideDescription } from "@myoscope/core/wsi/describe-slide";
import { validateSlideDimensions } from "@myoscope/core/wsi/validate-slide-dimensions";
import type { Tx } from "@myoscope/db/client";
import type { Prisma } from "@myoscope/db/prisma-types";
import {
  findSectionIngestSource,
  markSectionFailed,
  saveSectionIngest,
} from "@myoscope/db/sections";
import type { JobPayload } from "@myoscope/jobs/define-job";
import type { sectionThumbnailJob } from "@myoscope/jobs/definitions/section-thumbnail";
import {
  getSectionPyramidBuildDir,
  getSectionPyramidDir,
  getSectionPyramidKey,
  getSectionThumbnailKey,
} from "@myoscope/storage/section-keys";
import sharp, { type Metadata } from "sharp";
import {
  buildDeepZoom,
  PYRAMID_TILE_SIZE,
  renderThumbnail,
  SHARP_MAX_INPUT_PIXELS,
} from "../wsi/build-deep-zoom.ts";
import { getVipsSupport, VIPS_INSTALL_HINT } from "../wsi/check-vips-support.ts";
import { probeSlide } from "../wsi/probe-slide.ts";
import { type JobContext, PermanentJobError } from "./job-context.ts";

interface ImageFacts {
  width: number;
  height: number;
  channels: number;
  format: string;
  vendor: string;
  isVendorSlide: boolean;
  properties: Prisma.InputJsonObject;
}

/** What the file is: vips' description when vips can read it, sharp's otherwise. */
async function readImageFacts(path: string): Promise<ImageFacts> {
  const support = await getVipsSupport();
  let slide: SlideDescription | null = null;
  if (support.hasVips) slide = await probeSlide(path).catch(() => null);
  if (slide?.isVendorSlide) {
    if (!support.hasOpenslide) {
      throw new PermanentJobError(`cannot read ${slide.format} slides: ${VIPS_INSTALL_HINT}`);
    }
    // OpenSlide output is flattened to RGB ([rgb]) for tiles and thumbnails.
    return { ...slide, channels: 3, properties: slide.properties };
  }
  let metadata: Metadata;
  try {
    metadata = await sharp(path, { limitInputPixels: SHARP_MAX_INPUT_PIXELS }).metadata();
  } catch (error) {
    throw new PermanentJobError(`cannot decode image: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const { width, height, channels, format } = metadata;
  if (!width || !height || !channels || !format) {
    throw new PermanentJobError("cannot decode image: it has no dimensions");
  }
  return {
    width,
    height,
    channels,
    format,
    vendor: slide?.vendor ?? (format === "tiff" ? "generic-tiff" : format),
    isVendorSlide: false,
    properties: slide?.properties ?? { loader: "sharp", format },
  };
}

export async function handleSectionThumbnail(
  ctx: JobContext<JobPayload<typeof sectionThumbnailJob>>,
): Promise<void> {
  await ingestSection(ctx, { sectionId: ctx.payload.sectionId });
}

export interface IngestSectionOptions {
  sectionId: string;
  /** Further writes that must commit together with the section (e.g. an extracted file's hash). */
  writeWithCommit?: (tx: Tx) => Promise<void>;
  /**
   * Where this step's 0–100 % lie in the job's progress.
   * @default [0, 100]
   */
  progressSpan?: [number, number];
}

/**
 * Ingests the stored original of `sectionId` and commits the job: thumbnail,
 * pyramid, image facts and status `ready` (see the module comment).
 */
export async function ingestSection(
  jobCtx: JobContext<unknown>,
  options: IngestSectionOptions,
): Promise<void> {
  const [from, to] = options.progressSpan ?? [0, 100];
  const ctx = {
    ...jobCtx,
    progress: (percent: number, message: string) =>
      jobCtx.progress(Math.round(from + ((to - from) * percent) / 100), message),
  };
  const source = await findSectionIngestSource(ctx.db, options.sectionId);
  if (!source) throw new PermanentJobError(`section ${options.sectionId} no longer exists`);
  const { projectId, id: sectionId } = source;
  const version = `${ctx.jobId}-${ctx.attempt}`;
  const buildDir = getSectionPyramidBuildDir(projectId, sectionId, version);
  const finalDir = getSectionPyramidDir(projectId, sectionId, version);
  const pyramidKey = getSectionPyramidKey(projectId, sectionId, version);
  let isCommitted = false;

  try {
    await ctx.progress(5, "reading image");
    const path = await ctx.storage.localPath(source.storageKey);
    const facts = await readImageFacts(path);
    try {
      validateSlideDimensions(facts);
    } catch (error) {
      throw new PermanentJobError((error as Error).message);
    }
    // Leftovers of crashed attempts of this job (never live) go first.
    for (let attempt = 1; attempt <= ctx.attempt; attempt++) {
      const older = `${ctx.jobId}-${attempt}`;
      if (getSectionPyramidKey(projectId, sectionId, older) === source.pyramidKey) continue;
      await ctx.storage.delete(getSectionPyramidBuildDir(projectId, sectionId, older));
      await ctx.storage.delete(getSectionPyramidDir(projectId, sectionId, older));
    }
    const localBuildDir = await ctx.storage.localPath(buildDir);
    await mkdir(localBuildDir, { recursive: true });

    await ctx.progress(10, "rendering thumbnail");
    const thumbnailPath = `${localBuildDir}/thumbnail.png`;
    try {
      await renderThumbnail({
        inputPath: path,
        isVendorSlide: facts.isVendorSlide,
        outputPath: thumbnailPath,
      });
    } catch (error) {
      throw new PermanentJobError(`cannot decode image: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const thumbnailKey = getSectionThumbnailKey(projectId, sectionId);
    // Storage writes are atomic and keyed by section, so a retry simply overwrites.
    await ctx.storage.put(thumbnailKey, await readFile(thumbnailPath));
    await rm(thumbnailPath, { force: true });

    await ctx.progress(20, "building tile pyramid");
    let pending = Promise.resolve();
    const descriptor = await buildDeepZoom({
      inputPath: path,
      isVendorSlide: facts.isVendorSlide,
      outputDir: localBuildDir,
      onProgress: (percent) => {
        pending = pending.then(() =>
          ctx.progress(20 + Math.round(percent * 0.65), `building tile pyramid: ${percent}%`),
        );
      },
    }).catch((error: unknown) => {
      throw new PermanentJobError(`cannot build tile pyramid: ${(error as Error).message}`, {
        cause: error,
      });
    });
    await pending;
    if (descriptor.width !== facts.width || descriptor.height !== facts.height) {
      throw new PermanentJobError(
        `tile pyramid is ${descriptor.width}×${descriptor.height}, the image ${facts.width}×${facts.height}`,
      );
    }
    await ctx.storage.move(buildDir, finalDir);

    await ctx.progress(90, "saving metadata");
    await ctx.failpoint("section.thumbnail.before-commit");
    const { width, height, channels, format } = facts;
    await ctx.commit(async (tx) => {
      await options.writeWithCommit?.(tx);
      await saveSectionIngest(tx, {
        sectionId,
        width,
        height,
        channels,
        format,
        thumbnailKey,
        pyramidKey,
        tileSize: PYRAMID_TILE_SIZE,
        vendor: facts.vendor,
        properties: { ...(source.properties as Prisma.InputJsonObject), ...facts.properties },
      });
      return { width, height, channels, format };
    }, `${width}×${height} ${format}, ${facts.vendor}`);
    isCommitted = true;
    if (source.pyramidKey && source.pyramidKey !== pyramidKey) {
      await ctx.storage.delete(source.pyramidKey.replace(/image$/, ""));
    }
  } catch (error) {
    if (!isCommitted) {
      await ctx.storage.delete(buildDir).catch(() => undefined);
      await ctx.storage.delete(finalDir).catch(() => undefined);
      if (error instanceof PermanentJobError) await markSectionFailed(ctx.db, sectionId);
    }
    throw error;
  }
}
