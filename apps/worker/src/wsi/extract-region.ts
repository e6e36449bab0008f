/**
 * @module wsi/extract-region
 * Cuts a level-0 rectangle out of a slide or image and resamples it to a
 * coarser pixel size (the paper's 0.22 → 0.66 µm/px), writing a tiled,
 * losslessly compressed TIFF that records its resolution. Vendor slides read
 * the coarsest OpenSlide level that is still at least as fine as the target,
 * so the whole slide is never decoded at full resolution; `vips` streams
 * through a disk-backed temporary image, so memory stays bounded.
 */
import { rm } from "node:fs/promises";
import sharp from "sharp";
import { SHARP_MAX_INPUT_PIXELS } from "./build-deep-zoom.ts";
import { runVips } from "./run-vips.ts";

export interface SourceRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ExtractRegionInput {
  inputPath: string;
  isVendorSlide: boolean;
  /** Downsample factor of each level relative to level 0 (OpenSlide's; [1] for plain images). */
  levelDownsamples: number[];
  region: SourceRegion;
  /** Output size in pixels: the region scaled by source / target pixel size. */
  outputWidth: number;
  outputHeight: number;
  /** Recorded in the TIFF so the file alone says its scale. */
  outputPixelSizeUm: number;
  outputPath: string;
}

/** The index of the coarsest level whose downsample does not exceed `maxDownsample`. */
export function chooseSourceLevel(levelDownsamples: number[], maxDownsample: number): number {
  let best = 0;
  levelDownsamples.forEach((downsample, index) => {
    const current = levelDownsamples[best] ?? 1;
    if (downsample <= maxDownsample + 1e-9 && downsample > current) best = index;
  });
  return best;
}

export async function extractRegion(input: ExtractRegionInput): Promise<void> {
  const { region, outputWidth, outputHeight } = input;
  // px per mm, with the unit vips writes as centimetres in the TIFF.
  const resolution = 1000 / input.outputPixelSizeUm;
  if (!input.isVendorSlide) {
    await sharp(input.inputPath, { limitInputPixels: SHARP_MAX_INPUT_PIXELS })
      .extract({ left: region.x, top: region.y, width: region.width, height: region.height })
      .resize(outputWidth, outputHeight, { fit: "fill", kernel: "lanczos3" })
      .removeAlpha()
      .tiff({
        compression: "deflate",
        tile: true,
        tileWidth: 256,
        tileHeight: 256,
        xres: resolution,
        yres: resolution,
        resolutionUnit: "cm",
      })
      .toFile(input.outputPath);
    return;
  }
  const level = chooseSourceLevel(input.levelDownsamples, region.width / outputWidth);
  const downsample = input.levelDownsamples[level] ?? 1;
  const left = Math.floor(region.x / downsample);
  const top = Math.floor(region.y / downsample);
  const width = Math.max(1, Math.round(region.width / downsample));
  const height = Math.max(1, Math.round(region.height / downsample));
  const cropped = `${input.outputPath}.crop.v`;
  try {
    await runVips("vips", [
      "crop",
      `${input.inputPath}[level=${level},rgb]`,
      cropped,
      String(left),
      String(top),
      String(width),
      String(height),
    ]);
    await runVips("vips", [
      "resize",
      cropped,
      `${input.outputPath}[compression=deflate,tile,tile-width=256,tile-height=256,bigtiff,xres=${resolution},yres=${resolution},resunit=cm]`,
      String(outputWidth / width),
      "--vscale",
      String(outputHeight / height),
    ]);
  } finally {
    await rm(cropped, { force: true });
  }
}
