/**
 * @module segmentation/render-segmentation-overlays
 * Pictures of a segmentation for the results page: fiber outlines over the
 * section (Shape Filter fibers green, filtered ones amber, outside the muscle
 * mask grey) and the connective-tissue local thickness as a heat map.
 */
import type { PostprocessResult } from "@myoscope/core/postprocess/postprocess-segmentation";
import sharp from "sharp";

/** Overlays are for looking at; keep them light. */
const MAX_SIDE = 2048;

function colourOf(fiber: { isInMuscleMask: boolean; passesShapeFilter: boolean }): number[] {
  if (!fiber.isInMuscleMask) return [150, 150, 150];
  return fiber.passesShapeFilter ? [20, 200, 90] : [245, 165, 0];
}

export async function renderOutlineOverlay(
  imagePath: string,
  result: PostprocessResult,
  width: number,
  height: number,
): Promise<Buffer> {
  const colours = new Map(result.fibers.map((fiber) => [fiber.label, colourOf(fiber)]));
  const rgba = new Uint8Array(width * height * 4);
  const { labels } = result;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const label = labels[i] as number;
      if (label === 0) continue;
      const isEdge =
        x === 0 ||
        y === 0 ||
        x === width - 1 ||
        y === height - 1 ||
        labels[i - 1] !== label ||
        labels[i + 1] !== label ||
        labels[i - width] !== label ||
        labels[i + width] !== label;
      if (!isEdge) continue;
      const colour = colours.get(label) ?? [255, 0, 255];
      rgba.set([colour[0] ?? 0, colour[1] ?? 0, colour[2] ?? 0, 255], i * 4);
    }
  }
  const outline = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
  return sharp(imagePath, { limitInputPixels: false })
    .removeAlpha()
    .composite([{ input: outline }])
    .resize(MAX_SIDE, MAX_SIDE, { fit: "inside", withoutEnlargement: true })
    .png()
    .toBuffer();
}

/** Thickness in µm → a perceptual ramp, transparent where there is no connective tissue. */
export async function renderThicknessMap(
  thicknessUm: Float32Array,
  width: number,
  height: number,
  maxUm: number,
): Promise<Buffer> {
  const rgba = new Uint8Array(width * height * 4);
  const scale = maxUm > 0 ? 1 / maxUm : 0;
  for (let i = 0; i < thicknessUm.length; i++) {
    const value = thicknessUm[i] as number;
    if (value <= 0) continue;
    const t = Math.min(1, value * scale);
    // Blue → yellow, readable on H&E pink.
    rgba[i * 4] = Math.round(40 + 215 * t);
    rgba[i * 4 + 1] = Math.round(60 + 170 * t);
    rgba[i * 4 + 2] = Math.round(200 - 170 * t);
    rgba[i * 4 + 3] = 220;
  }
  return sharp(rgba, { raw: { width, height, channels: 4 } })
    .resize(MAX_SIDE, MAX_SIDE, { fit: "inside", withoutEnlargement: true })
    .png()
    .toBuffer();
}
