/**
 * @module wsi/probe-slide
 * Opens an image or slide header with `vipsheader` (no pixels decoded) and
 * describes it: loader, vendor, size, levels, pixel size, scanner properties.
 */
import {
  describeSlide,
  isSupportedLoader,
  type SlideDescription,
} from "@myoscope/core/wsi/describe-slide";
import { parseVipsHeader } from "@myoscope/core/wsi/parse-vips-header";
import { runVips, VipsCommandError } from "./run-vips.ts";

export class UnsupportedSlideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedSlideError";
  }
}

/**
 * @throws VipsCommandError when vips cannot read the file at all;
 *   UnsupportedSlideError when it can, but not with a loader Myoscope ingests.
 */
export async function probeSlide(path: string): Promise<SlideDescription> {
  const header = parseVipsHeader(await runVips("vipsheader", ["-a", path], { timeoutMs: 60_000 }));
  if (!isSupportedLoader(header.loader)) {
    throw new UnsupportedSlideError(
      `this file is only readable through ${header.loader}; upload SVS, NDPI, (OME-)TIFF, PNG or JPEG`,
    );
  }
  // `-a` shortens long values with "..."; OME-XML needs the whole description.
  if (header.fields["image-description"] !== undefined) {
    const full = await runVips("vipsheader", ["-f", "image-description", path], {
      timeoutMs: 60_000,
    }).catch((error: unknown) => {
      if (error instanceof VipsCommandError) return undefined;
      throw error;
    });
    if (full !== undefined) header.fields["image-description"] = full.replace(/\n$/, "");
  }
  return describeSlide(header);
}
