/**
 * @module read-pyramid-region
 * A region of a section rendered from its DeepZoom pyramid instead of the
 * original file: the web server's sharp has neither OpenSlide nor JPEG 2000, so
 * vendor slides (SVS, NDPI, …) can only be read through the pyramid the ingest
 * job wrote. The finest level that is still at least as coarse as the output
 * needs is used, so a crop reads a handful of tiles whatever the section size.
 */
import { getDeepZoomLevelSize, getDeepZoomMaxLevel } from "@myoscope/core/wsi/deep-zoom";
import type { Storage } from "@myoscope/storage/storage";
import sharp, { type OverlayOptions } from "sharp";

export interface PyramidRef {
  pyramidKey: string;
  width: number;
  height: number;
  tileSize: number;
}

export interface PixelRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Returns the level-0 `region` of the pyramid resized to `outWidth`×`outHeight`,
 * as a PNG (RGB), like `sharp(original).extract(region).resize(outWidth, outHeight)`.
 */
export async function readPyramidRegion(
  storage: Pick<Storage, "get">,
  pyramid: PyramidRef,
  region: PixelRegion,
  outWidth: number,
  outHeight: number,
): Promise<Buffer> {
  const { width, height, tileSize } = pyramid;
  const { left, top } = region;
  if (
    left < 0 ||
    top < 0 ||
    region.width < 1 ||
    region.height < 1 ||
    left + region.width > width ||
    top + region.height > height
  ) {
    throw new RangeError(
      `region must lie inside the ${width}×${height} image, got ${JSON.stringify(region)}`,
    );
  }
  const maxLevel = getDeepZoomMaxLevel(width, height);
  const needed = Math.max(1, Math.min(region.width / outWidth, region.height / outHeight));
  const level = maxLevel - Math.min(maxLevel, Math.floor(Math.log2(needed)));
  const scale = 2 ** (maxLevel - level);
  const size = getDeepZoomLevelSize(pyramid, level);
  const x0 = Math.floor(left / scale);
  const y0 = Math.floor(top / scale);
  const x1 = Math.min(size.width, Math.ceil((left + region.width) / scale));
  const y1 = Math.min(size.height, Math.ceil((top + region.height) / scale));
  const firstColumn = Math.floor(x0 / tileSize);
  const firstRow = Math.floor(y0 / tileSize);
  const lastColumn = Math.floor((x1 - 1) / tileSize);
  const lastRow = Math.floor((y1 - 1) / tileSize);
  const parts: OverlayOptions[] = [];
  for (let row = firstRow; row <= lastRow; row++) {
    for (let column = firstColumn; column <= lastColumn; column++) {
      const key = `${pyramid.pyramidKey}_files/${level}/${column}_${row}.jpg`;
      parts.push({
        input: await storage.get(key),
        left: (column - firstColumn) * tileSize,
        top: (row - firstRow) * tileSize,
      });
    }
  }
  const canvas = await sharp({
    create: {
      width: (lastColumn - firstColumn + 1) * tileSize,
      height: (lastRow - firstRow + 1) * tileSize,
      channels: 3,
      background: "#ffffff",
    },
  })
    .composite(parts)
    .png({ compressionLevel: 0 })
    .toBuffer();
  return sharp(canvas)
    .extract({
      left: x0 - firstColumn * tileSize,
      top: y0 - firstRow * tileSize,
      width: x1 - x0,
      height: y1 - y0,
    })
    .resize(outWidth, outHeight, { fit: "fill" })
    .removeAlpha()
    .png()
    .toBuffer();
}
