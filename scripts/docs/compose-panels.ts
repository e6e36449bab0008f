/**
 * @module docs/compose-panels
 * Captioned image panels laid out in rows, written as small JPEGs for the docs.
 */
import sharp, { type OverlayOptions, type Sharp } from "sharp";

export interface RgbImage {
  width: number;
  height: number;
  /** Interleaved RGB. */
  rgb: Uint8Array;
}

const CAPTION_HEIGHT = 26;
const GAP = 4;
const FONT = "DejaVu Sans, sans-serif";

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function captionSvg(text: string, width: number, height: number, fontSize: number): Buffer {
  return Buffer.from(
    `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
      `<rect width="${width}" height="${height}" fill="white"/>` +
      `<text x="6" y="${Math.round(height * 0.72)}" font-family="${FONT}" font-size="${fontSize}" fill="#111">${escapeXml(text)}</text>` +
      "</svg>",
  );
}

/** Lays `images` out left to right, each under its caption, optionally under a title line. */
export async function composeRow(
  images: readonly RgbImage[],
  captions: readonly string[],
  title?: string,
): Promise<Sharp> {
  const titleHeight = title === undefined ? 0 : 30;
  const cellHeight = Math.max(...images.map((image) => image.height));
  const width = images.reduce((sum, image) => sum + image.width, 0) + GAP * (images.length - 1);
  const height = titleHeight + CAPTION_HEIGHT + cellHeight;
  const layers: OverlayOptions[] = [];
  if (title !== undefined) {
    layers.push({ input: captionSvg(title, width, titleHeight, 16), left: 0, top: 0 });
  }
  let left = 0;
  for (const [index, image] of images.entries()) {
    layers.push({
      input: captionSvg(captions[index] ?? "", image.width, CAPTION_HEIGHT, 14),
      left,
      top: titleHeight,
    });
    layers.push({
      input: Buffer.from(image.rgb.buffer, image.rgb.byteOffset, image.rgb.byteLength),
      raw: { width: image.width, height: image.height, channels: 3 },
      left,
      top: titleHeight + CAPTION_HEIGHT,
    });
    left += image.width + GAP;
  }
  return sharp({
    create: { width, height, channels: 3, background: { r: 255, g: 255, b: 255 } },
  }).composite(layers);
}

/** Writes a JPEG for the docs; returns its size in bytes. */
export async function writeDocsJpeg(image: Sharp, path: string, quality = 80): Promise<number> {
  const info = await image.jpeg({ quality, mozjpeg: true }).toFile(path);
  return info.size;
}

/** Crops `[left, top, width, height]` out of an RGB image. */
export function cropRgb(
  image: RgbImage,
  left: number,
  top: number,
  width: number,
  height: number,
): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * image.width + left) * 3;
    rgb.set(image.rgb.subarray(from, from + width * 3), y * width * 3);
  }
  return { width, height, rgb };
}

/** Enlarges an RGB image `factor` times (Lanczos); factor 1 returns it unchanged. */
export async function zoomRgb(image: RgbImage, factor: number): Promise<RgbImage> {
  if (factor === 1) return image;
  const width = Math.round(image.width * factor);
  const height = Math.round(image.height * factor);
  const data = await sharp(image.rgb, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize(width, height, { kernel: "lanczos3" })
    .raw()
    .toBuffer();
  return { width, height, rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
