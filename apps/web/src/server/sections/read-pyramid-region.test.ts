import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createLocalStorage } from "@myoscope/storage/local-storage";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPyramidRegion } from "./read-pyramid-region.ts";

const SLIDE = resolve(
  import.meta.dirname,
  "../../../../../../shared/data/real/wsi/aperio/tcga-cr-7395-01a-01-ts1.svs",
);
/** Level 0 of the slide: JPEG 2000 tiles, which the web server's sharp cannot decode. */
const SIZE = { width: 4443, height: 3567 };

/** Debian's vips with OpenSlide (sharp sets VIPSHOME to its own libvips). */
function vips(args: string[]): void {
  execFileSync("env", ["-u", "VIPSHOME", "vips", ...args], { stdio: "ignore" });
}

/** Mean absolute difference per channel value of two equally sized RGB PNGs. */
async function meanDifference(a: Buffer, b: Buffer): Promise<number> {
  const [left, right] = await Promise.all(
    [a, b].map((png) => sharp(png).removeAlpha().raw().toBuffer()),
  );
  if (!left || !right || left.length !== right.length) throw new Error("sizes differ");
  let sum = 0;
  for (let i = 0; i < left.length; i++) sum += Math.abs((left[i] as number) - (right[i] as number));
  return sum / left.length;
}

describe("readPyramidRegion(storage, pyramid, region, outWidth, outHeight)", () => {
  let root: string;
  const pyramid = { pyramidKey: "sections/s/pyramid-1/image", ...SIZE, tileSize: 256 };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "pyramid-region-"));
    await mkdir(join(root, "sections/s/pyramid-1"), { recursive: true });
    // The pyramid as the ingest job writes it for vendor slides.
    vips([
      "dzsave",
      `${SLIDE}[rgb]`,
      join(root, pyramid.pyramidKey),
      "--layout",
      "dz",
      "--tile-size",
      "256",
      "--overlap",
      "0",
      "--suffix",
      ".jpg[Q=85]",
    ]);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("renders a slide region as OpenSlide's level 0 shows it, at full and at reduced size", async () => {
    const storage = createLocalStorage(root);
    const region = { left: 1500, top: 1100, width: 900, height: 700 };
    const shifted = { ...region, left: 1508 };
    const reference = join(root, "reference.png");
    vips([
      "crop",
      `${SLIDE}[rgb]`,
      reference,
      String(region.left),
      String(region.top),
      String(region.width),
      String(region.height),
    ]);
    for (const [outWidth, outHeight] of [
      [900, 700],
      [300, 233],
    ] as const) {
      const crop = await readPyramidRegion(storage, pyramid, region, outWidth, outHeight);
      const off = await readPyramidRegion(storage, pyramid, shifted, outWidth, outHeight);
      const meta = await sharp(crop).metadata();
      expect([meta.width, meta.height, meta.channels]).toEqual([outWidth, outHeight, 3]);
      const expected = await sharp(reference)
        .resize(outWidth, outHeight, { fit: "fill" })
        .removeAlpha()
        .png()
        .toBuffer();
      // JPEG tiles (quality 85) and, when reduced, a coarser level: a few grey levels apart
      // (measured 3.4 and 4.0), where the same crop 8 px to the right is ~30 apart.
      expect(await meanDifference(crop, expected)).toBeLessThan(6);
      expect(await meanDifference(off, expected)).toBeGreaterThan(15);
    }
  });

  it("refuses a region outside the image", async () => {
    const storage = createLocalStorage(root);
    const outside = { left: 4000, top: 0, width: 500, height: 100 };
    await expect(readPyramidRegion(storage, pyramid, outside, 100, 20)).rejects.toThrow(
      /region must lie inside the 4443×3567 image/,
    );
  });
});
