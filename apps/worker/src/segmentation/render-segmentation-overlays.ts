/**
 * @module segmentation/render-segmentation-overlays
 * Pictures of a segmentation for the results page: fiber outlines over the
 * section (Shape Filter fibers green, filtered ones amber, outside the muscle
 * mask grey) and the connective-tissue local thickness as a heat map, both at
 * most MAX_SIDE pixels on their longer side.
 */
import type { PostprocessResult } from "@myoscope/core/postprocess/postprocess-segmentation";
import sharp from "sharp";

/** Overlays are for looking at; keep them light. */
const MAX_SIDE = 2048;

function colourOf(fiber: { isInMuscleMask: boolean; passesShapeFilter: boolean }): number[] {
  if (!fiber.isInMuscleMask) return [150, 150, 150];
  return fiber.passesShapeFilter ? [20, 200, 90] : [245, 165, 0];
}

/** The outline picture's size for a `width`×`height` section: at most MAX_SIDE on the longer side. */
export function getOverlaySize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/**
 * Outlines are traced on labels resampled (nearest neighbour) to the picture's own
 * size and drawn a few pixels thick, so they stay visible however far a whole
 * section is scaled down; tracing at full resolution and then shrinking would thin
 * one-pixel outlines away.
 */
export async function renderOutlineOverlay(
  imagePath: string,
  result: Pick<PostprocessResult, "labels" | "fibers">,
  width: number,
  height: number,
): Promise<Buffer> {
  const size = getOverlaySize(width, height);
  const labels = resampleLabels(result.labels, width, height, size.width, size.height);
  return renderOutlineOverlayOfLabels(imagePath, { labels, ...size }, result.fibers);
}

/** `renderOutlineOverlay` from labels already at the picture's size (`createOverlayLabelSampler`). */
export async function renderOutlineOverlayOfLabels(
  imagePath: string,
  picture: { labels: Int32Array; width: number; height: number },
  fibers: readonly { label: number; isInMuscleMask: boolean; passesShapeFilter: boolean }[],
): Promise<Buffer> {
  const { labels, width: outWidth, height: outHeight } = picture;
  // 2–3 px on a 1000 px picture shown at half size; 5 px on a 2048 px one.
  const reach = Math.max(1, Math.round(Math.min(outWidth, outHeight) / 400));
  const colours = new Map(fibers.map((fiber) => [fiber.label, colourOf(fiber)]));
  const rgba = new Uint8Array(outWidth * outHeight * 4);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const i = y * outWidth + x;
      const label = labels[i] as number;
      if (label === 0 || !isNearOtherLabel(labels, outWidth, outHeight, x, y, label, reach)) {
        continue;
      }
      const colour = colours.get(label) ?? [255, 0, 255];
      rgba.set([colour[0] ?? 0, colour[1] ?? 0, colour[2] ?? 0, 255], i * 4);
    }
  }
  const outline = await sharp(rgba, { raw: { width: outWidth, height: outHeight, channels: 4 } })
    .png()
    .toBuffer();
  const base = await sharp(imagePath, { limitInputPixels: false })
    .removeAlpha()
    .resize(outWidth, outHeight, { fit: "fill" })
    .png()
    .toBuffer();
  // sharp composites last in a pipeline, so dropping the alpha the composite adds takes a second pass.
  const composed = await sharp(base)
    .composite([{ input: outline }])
    .raw()
    .toBuffer({
      resolveWithObject: true,
    });
  return sharp(composed.data, { raw: composed.info }).removeAlpha().png().toBuffer();
}

/** Source row (or column) of each picture row for nearest-neighbour resampling. */
function pickNearest(outSize: number, size: number): Int32Array {
  const picks = new Int32Array(outSize);
  for (let k = 0; k < outSize; k++) {
    picks[k] = Math.min(size - 1, Math.floor(((k + 0.5) * size) / outSize));
  }
  return picks;
}

/**
 * Collects the outline picture's labels from bands of a section, top to bottom:
 * the same nearest-neighbour picks as `renderOutlineOverlay` makes on whole labels.
 */
export function createOverlayLabelSampler(width: number, height: number) {
  const size = getOverlaySize(width, height);
  const columns = pickNearest(size.width, width);
  const rows = pickNearest(size.height, height);
  const labels = new Int32Array(size.width * size.height);
  let next = 0;
  return {
    ...size,
    labels,
    addBand(band: { y: number; rows: number; labels: Int32Array }) {
      while (next < size.height && (rows[next] as number) < band.y + band.rows) {
        const at = ((rows[next] as number) - band.y) * width;
        for (let x = 0; x < size.width; x++) {
          labels[next * size.width + x] = band.labels[at + (columns[x] as number)] as number;
        }
        next++;
      }
    },
  };
}

/** Nearest-neighbour resampling of a label image (labels must not blend). */
function resampleLabels(
  labels: Int32Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Int32Array {
  if (outWidth === width && outHeight === height) return labels;
  const out = new Int32Array(outWidth * outHeight);
  const columns = pickNearest(outWidth, width);
  const rows = pickNearest(outHeight, height);
  for (let y = 0; y < outHeight; y++) {
    const row = (rows[y] as number) * width;
    for (let x = 0; x < outWidth; x++) {
      out[y * outWidth + x] = labels[row + (columns[x] as number)] as number;
    }
  }
  return out;
}

/** Whether a pixel of another label (or the picture's border) lies within `reach` along a row or column. */
function isNearOtherLabel(
  labels: Int32Array,
  width: number,
  height: number,
  x: number,
  y: number,
  label: number,
  reach: number,
): boolean {
  for (let d = 1; d <= reach; d++) {
    if (x - d < 0 || y - d < 0 || x + d >= width || y + d >= height) return true;
    const i = y * width + x;
    if (
      labels[i - d] !== label ||
      labels[i + d] !== label ||
      labels[i - d * width] !== label ||
      labels[i + d * width] !== label
    ) {
      return true;
    }
  }
  return false;
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

/**
 * The thickness picture of a section seen band by band: each picture pixel averages
 * the thickness of the tissue in its block of the section, and its opacity follows the
 * share of the block that is tissue (what resizing the whole-resolution map does).
 */
export function createThicknessPreview(width: number, height: number) {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  const outWidth = Math.max(1, Math.round(width * scale));
  const outHeight = Math.max(1, Math.round(height * scale));
  const sum = new Float64Array(outWidth * outHeight);
  const tissue = new Float64Array(outWidth * outHeight);
  const all = new Float64Array(outWidth * outHeight);
  const columnOf = new Int32Array(width);
  for (let x = 0; x < width; x++) columnOf[x] = Math.min(outWidth - 1, Math.floor(x * scale));
  return {
    addBand(band: { y: number; rows: number; localThicknessUm: Float32Array | null }) {
      const values = band.localThicknessUm;
      for (let r = 0; r < band.rows; r++) {
        const outRow = Math.min(outHeight - 1, Math.floor((band.y + r) * scale)) * outWidth;
        for (let x = 0; x < width; x++) {
          const k = outRow + (columnOf[x] as number);
          all[k] = (all[k] as number) + 1;
          const value = values ? (values[r * width + x] as number) : 0;
          if (value > 0) {
            sum[k] = (sum[k] as number) + value;
            tissue[k] = (tissue[k] as number) + 1;
          }
        }
      }
    },
    /** The picture as PNG, with the ramp ending at `maxUm`. */
    render(maxUm: number): Promise<Buffer> {
      const rgba = new Uint8Array(outWidth * outHeight * 4);
      const ramp = maxUm > 0 ? 1 / maxUm : 0;
      for (let k = 0; k < sum.length; k++) {
        const n = tissue[k] as number;
        if (n === 0) continue;
        const t = Math.min(1, ((sum[k] as number) / n) * ramp);
        rgba[k * 4] = Math.round(40 + 215 * t);
        rgba[k * 4 + 1] = Math.round(60 + 170 * t);
        rgba[k * 4 + 2] = Math.round(200 - 170 * t);
        rgba[k * 4 + 3] = Math.round((220 * n) / (all[k] as number));
      }
      return sharp(rgba, { raw: { width: outWidth, height: outHeight, channels: 4 } })
        .png()
        .toBuffer();
    },
  };
}
