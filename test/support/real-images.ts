/**
 * @module real-images
 * Real microscopy images from the shared data folder next to the checkout
 * (`<repo>/../shared/data/real`, see its README and MANIFESTs). Tests read them
 * in place or copy them into temp storage; they are never copied into the repo.
 */
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const REAL_DATA_DIR = resolve(REPO_ROOT, "../shared/data/real");

export interface RealImage {
  path: string;
  fileName: string;
  mimeType: string;
}

function describeRealImage(relativePath: string, mimeType: string): RealImage {
  const path = join(REAL_DATA_DIR, relativePath);
  return { path, fileName: relativePath.split("/").at(-1) ?? relativePath, mimeType };
}

/** H&E adult muscle, Strange et al. 2014 Fig. 4A: 1152×908 RGB TIFF, 3 MB. */
export const STRANGE_2014_TIFF = describeRealImage(
  "he_muscle_strange2014/Strange_2014_4a_high_res.tif",
  "image/tiff",
);

/** The same field as a 423×330 JPEG, 47 kB: for tests that only need some image. */
export const STRANGE_2014_JPEG = describeRealImage(
  "he_muscle_strange2014/Strange_2014_4a_low_res.jpg",
  "image/jpeg",
);

export async function readRealImage(image: RealImage): Promise<Buffer> {
  try {
    return await readFile(image.path);
  } catch (error) {
    throw new Error(
      `real test image missing at ${image.path}; the shared data folder must sit next to the checkout`,
      { cause: error },
    );
  }
}
