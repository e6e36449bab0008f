/**
 * @module inspect-section-file
 * Decides, by content and before any row exists, whether an uploaded file can
 * become a section: a whole-slide file OpenSlide reads (Aperio SVS, Hamamatsu
 * NDPI, generic tiled TIFF, ...) through Debian's `vips`, an (OME-)TIFF, PNG or
 * JPEG. Refuses truncated TIFF-based slides, absurd dimensions and anything
 * else with a clear message. Reads headers only, never pixel data.
 *
 * The worker has its own `vips` runner (apps/worker/src/wsi); the web app does
 * not import the worker, so the few lines that spawn `vipsheader` live here too.
 */
import { spawn } from "node:child_process";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { AppError } from "@myoscope/core/errors/app-error";
import {
  describeSlide,
  isSupportedLoader,
  type SlideDescription,
} from "@myoscope/core/wsi/describe-slide";
import { findTiffTruncation } from "@myoscope/core/wsi/find-tiff-truncation";
import { parseVipsHeader } from "@myoscope/core/wsi/parse-vips-header";
import type { ResolvedPixelSize } from "@myoscope/core/wsi/resolve-pixel-size";
import { validateSlideDimensions } from "@myoscope/core/wsi/validate-slide-dimensions";
import sharp, { type Metadata } from "sharp";

export const ACCEPTED_DESCRIPTION = "SVS, NDPI, OME-TIFF, TIFF, PNG or JPEG";
const VIPS_HINT =
  "whole-slide formats need Debian's libvips-tools and openslide-tools on the server";

export interface InspectedSectionFile {
  /** "svs", "ndpi", "ome-tiff", "tiff", "jpeg", "png", or another OpenSlide vendor. */
  format: string;
  vendor: string;
  extension: string;
  mimeType: string;
  width: number;
  height: number;
  isVendorSlide: boolean;
  pixelSize: ResolvedPixelSize | null;
  properties: SlideDescription["properties"];
}

/**
 * sharp sets `VIPSHOME` to its bundled libvips when imported; the system `vips`
 * would then miss its OpenSlide module, so children run under `env -u VIPSHOME`.
 */
function spawnVips(command: "vips" | "vipsheader", args: string[]) {
  return spawn("env", ["-u", "VIPSHOME", command, ...args], { stdio: ["ignore", "pipe", "pipe"] });
}

function runVipsheader(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnVips("vipsheader", args);
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(Object.assign(error, { isMissing: true }));
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(stderr.trim().split("\n").at(-1) ?? "vipsheader failed"));
    });
  });
}

let vipsAvailability: Promise<{ hasVips: boolean; hasOpenslide: boolean }> | undefined;

/** Whether `vips` with OpenSlide is installed; checked once per process. */
export function getWebVipsSupport(): Promise<{ hasVips: boolean; hasOpenslide: boolean }> {
  vipsAvailability ??= new Promise<{ hasVips: boolean; hasOpenslide: boolean }>((resolve) => {
    const child = spawnVips("vips", ["-l", "foreign"]);
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once("error", () => resolve({ hasVips: false, hasOpenslide: false }));
    child.once("close", (code) =>
      resolve({ hasVips: code === 0, hasOpenslide: /\bopenslideload\b/.test(out) }),
    );
  }).then((support) => {
    if (!support.hasOpenslide) console.warn(`[upload] ${VIPS_HINT}; PNG/JPEG/TIFF still work`);
    return support;
  });
  return vipsAvailability;
}

function checkTruncation(path: string): void {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const problem = findTiffTruncation({
      size,
      read(offset, length) {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        readSync(fd, buffer, 0, buffer.length, offset);
        return buffer;
      },
    });
    if (problem) throw new AppError("BAD_REQUEST", `${problem}; upload the complete file`);
  } finally {
    closeSync(fd);
  }
}

async function probeWithVips(path: string): Promise<SlideDescription | null> {
  let output: string;
  try {
    output = await runVipsheader(["-a", path]);
  } catch {
    return null;
  }
  const header = parseVipsHeader(output);
  if (!isSupportedLoader(header.loader)) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `this file is only readable through ${header.loader}, which Myoscope does not ingest; upload ${ACCEPTED_DESCRIPTION}`,
    );
  }
  if (header.fields["image-description"] !== undefined) {
    const full = await runVipsheader(["-f", "image-description", path]).catch(() => undefined);
    if (full !== undefined) header.fields["image-description"] = full.replace(/\n$/, "");
  }
  return describeSlide(header);
}

async function probeWithSharp(path: string): Promise<SlideDescription | null> {
  let metadata: Metadata;
  try {
    metadata = await sharp(path, { limitInputPixels: false }).metadata();
  } catch {
    return null;
  }
  const { format, width, height, channels } = metadata;
  if (!width || !height || !(format === "png" || format === "jpeg" || format === "tiff")) {
    return null;
  }
  const vendor = format === "tiff" ? "generic-tiff" : format;
  return {
    loader: format === "tiff" ? "tiffload" : format === "png" ? "pngload" : "jpegload",
    format,
    vendor,
    isVendorSlide: false,
    width,
    height,
    bands: channels ?? 3,
    levels: [{ width, height, downsample: 1 }],
    pixelSize: null,
    objectivePower: null,
    properties: { loader: "sharp", format },
  };
}

const EXTENSION: Record<string, { extension: string; mimeType: string }> = {
  png: { extension: "png", mimeType: "image/png" },
  jpeg: { extension: "jpg", mimeType: "image/jpeg" },
  tiff: { extension: "tif", mimeType: "image/tiff" },
  "ome-tiff": { extension: "ome.tif", mimeType: "image/tiff" },
  svs: { extension: "svs", mimeType: "image/tiff" },
  ndpi: { extension: "ndpi", mimeType: "image/tiff" },
  scn: { extension: "scn", mimeType: "image/tiff" },
  bif: { extension: "bif", mimeType: "image/tiff" },
};

/**
 * Inspects the stored upload at `path`.
 * @throws AppError UNSUPPORTED_MEDIA_TYPE for anything but the accepted formats,
 *   BAD_REQUEST for truncated files and impossible dimensions.
 */
export async function inspectSectionFile(path: string): Promise<InspectedSectionFile> {
  checkTruncation(path);
  const support = await getWebVipsSupport();
  const slide =
    (support.hasVips ? await probeWithVips(path) : null) ?? (await probeWithSharp(path));
  if (!slide) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `the file is not a readable image or slide; upload ${ACCEPTED_DESCRIPTION}`,
    );
  }
  if (slide.isVendorSlide && !support.hasOpenslide) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `cannot read ${slide.format} slides: ${VIPS_HINT}`,
    );
  }
  try {
    validateSlideDimensions(slide);
  } catch (error) {
    throw new AppError("BAD_REQUEST", `the image is too large: ${(error as Error).message}`);
  }
  const known = EXTENSION[slide.format] ?? {
    extension: slide.isVendorSlide ? "slide" : "bin",
    mimeType: "application/octet-stream",
  };
  return {
    format: slide.format,
    vendor: slide.vendor,
    ...known,
    width: slide.width,
    height: slide.height,
    isVendorSlide: slide.isVendorSlide,
    pixelSize: slide.pixelSize,
    properties: slide.properties,
  };
}
