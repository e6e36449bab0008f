/**
 * @module wsi/build-deep-zoom
 * Writes a DeepZoom pyramid (CONTRACTS.md: 256 px JPEG tiles, overlap 0,
 * quality 85) into a local folder as `<dir>/image.dzi` and `<dir>/image_files/`.
 * Vendor slides go through `vips dzsave` (OpenSlide, streaming, bounded
 * memory); ordinary images through sharp, whose `.jpeg` tiles are renamed to
 * `.jpg` so every pyramid has the same layout.
 */
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseDzi } from "@myoscope/core/wsi/parse-dzi";
import sharp from "sharp";
import { runVips } from "./run-vips.ts";

export const PYRAMID_TILE_SIZE = 256;
export const PYRAMID_JPEG_QUALITY = 85;
export const PYRAMID_BASENAME = "image";
// Whole sections are large; sharp's default pixel limit (268 MP) would refuse them.
export const SHARP_MAX_INPUT_PIXELS = 12_000_000_000;

export interface BuildDeepZoomInput {
  inputPath: string;
  /** Read with OpenSlide through `vips`; otherwise with sharp. */
  isVendorSlide: boolean;
  outputDir: string;
  /** Called with 0–100 as tiles are written (vips only reports progress). */
  onProgress?: (percent: number) => void;
}

/** Builds the pyramid and returns its descriptor, checked against the files written. */
export async function buildDeepZoom(input: BuildDeepZoomInput) {
  const base = join(input.outputDir, PYRAMID_BASENAME);
  if (input.isVendorSlide) {
    let last = -1;
    await runVips(
      "vips",
      [
        "dzsave",
        // [rgb]: OpenSlide flattens transparent slide background onto its own colour.
        `${input.inputPath}[rgb]`,
        base,
        "--layout",
        "dz",
        "--tile-size",
        String(PYRAMID_TILE_SIZE),
        "--overlap",
        "0",
        "--suffix",
        `.jpg[Q=${PYRAMID_JPEG_QUALITY}]`,
        "--vips-progress",
      ],
      {
        onOutput: (text) => {
          for (const match of text.matchAll(/(\d+)% complete/g)) {
            const percent = Number(match[1]);
            if (percent >= last + 5) {
              last = percent;
              input.onProgress?.(percent);
            }
          }
        },
      },
    );
  } else {
    await sharp(input.inputPath, { limitInputPixels: SHARP_MAX_INPUT_PIXELS })
      .jpeg({ quality: PYRAMID_JPEG_QUALITY })
      .tile({ size: PYRAMID_TILE_SIZE, overlap: 0, layout: "dz" })
      .toFile(`${base}.dz`);
    await renameJpegTiles(`${base}_files`);
    const dzi = await readFile(`${base}.dzi`, "utf8");
    await writeFile(`${base}.dzi`, dzi.replace('Format="jpeg"', 'Format="jpg"'));
    input.onProgress?.(100);
  }
  const descriptor = parseDzi(await readFile(`${base}.dzi`, "utf8"));
  if (
    descriptor.tileSize !== PYRAMID_TILE_SIZE ||
    descriptor.overlap !== 0 ||
    descriptor.format !== "jpg"
  ) {
    throw new Error(`unexpected pyramid layout ${JSON.stringify(descriptor)}`);
  }
  return descriptor;
}

async function renameJpegTiles(filesDir: string): Promise<void> {
  const entries = await readdir(filesDir, { withFileTypes: true });
  for (const level of entries.filter((entry) => entry.isDirectory())) {
    const levelDir = join(filesDir, level.name);
    for (const name of await readdir(levelDir)) {
      if (name.endsWith(".jpeg")) {
        await rename(join(levelDir, name), join(levelDir, `${name.slice(0, -5)}.jpg`));
      }
    }
  }
}

/** Writes a PNG thumbnail, at most `size` px on its longer side, to `outputPath`. */
export async function renderThumbnail(
  input: { inputPath: string; isVendorSlide: boolean; outputPath: string },
  size = 512,
): Promise<void> {
  if (input.isVendorSlide) {
    // vips thumbnail reads the smallest slide level that is large enough.
    await runVips("vips", [
      "thumbnail",
      `${input.inputPath}[rgb]`,
      input.outputPath,
      String(size),
      "--height",
      String(size),
      "--size",
      "down",
    ]);
    return;
  }
  await sharp(input.inputPath, { limitInputPixels: SHARP_MAX_INPUT_PIXELS, sequentialRead: true })
    .resize(size, size, { fit: "inside", withoutEnlargement: true })
    .png()
    .toFile(input.outputPath);
}
