/**
 * @module segmentation/open-segmentation-input
 * Makes a slide file readable by the segmentation's sharp pipeline. sharp's bundled
 * libvips has no OpenSlide and no JPEG 2000, so vendor slides (Aperio SVS with
 * JPEG 2000 tiles, Hamamatsu NDPI, …) are decoded once at level 0 by Debian's `vips`
 * (OpenSlide, RGB) into a temporary uncompressed `.v` file, which sharp reads in
 * bounded memory. Everything else (TIFF, PNG, JPEG, in-memory images) passes through.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runVips, VipsCommandError } from "../wsi/run-vips.ts";
import type { ImageInput } from "./open-resampled-image.ts";
import { SegmentationInputError } from "./segmentation-errors.ts";

export interface SegmentationInput {
  /** What to segment: the original input, or the decoded slide. */
  input: ImageInput;
  /** Whether `input` is a level-0 decode of a vendor slide. */
  isDecodedSlide: boolean;
  /** Removes the temporary file, if any. */
  close(): Promise<void>;
}

/** The loader Debian's vips would use for `path`, or null when vips cannot tell. */
async function findVipsLoader(path: string): Promise<string | null> {
  try {
    return (await runVips("vipsheader", ["-f", "vips-loader", path], { timeoutMs: 60_000 })).trim();
  } catch (error) {
    // No vips, or a file vips cannot read: sharp reports the problem in its own words.
    if (error instanceof VipsCommandError) return null;
    throw error;
  }
}

/** See the module comment; `tempDir` holds the decoded slide (3 bytes per pixel). */
export async function openSegmentationInput(
  input: ImageInput,
  options: { tempDir?: string } = {},
): Promise<SegmentationInput> {
  const passThrough = { input, isDecodedSlide: false, close: async () => {} };
  if (typeof input !== "string") return passThrough;
  if ((await findVipsLoader(input)) !== "openslideload") return passThrough;
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), "myoscope-slide-"));
  const decoded = join(dir, "level0.v");
  try {
    await runVips("vips", ["copy", `${input}[level=0,rgb]`, decoded], { timeoutMs: 3_600_000 });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (error instanceof VipsCommandError) {
      throw new SegmentationInputError(`cannot decode slide ${input}: ${error.message}`);
    }
    throw error;
  }
  return {
    input: decoded,
    isDecodedSlide: true,
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
