/**
 * @module synthesis/preview-synthesis
 * Renders one small image in the request, for the live preview next to the
 * parameter controls. Small sizes keep this to tens of milliseconds.
 */
import type { SynthesisPresetName } from "@myoscope/core/synthesis/presets";
import { sampleSynthesisParams } from "@myoscope/core/synthesis/sample-synthesis-params";
import { synthesizeImage } from "@myoscope/core/synthesis/synthesize-image";
import sharp from "sharp";
import { resolveSynthesisRanges, type SynthesisOverrides } from "./resolve-synthesis-ranges.ts";

export interface SynthesisPreview {
  /** PNG data URLs of the image and of the 3-class mask (fiber green, boundary magenta). */
  imageUrl: string;
  classesUrl: string;
  fiberCount: number;
  params: Record<string, number>;
  renderMs: number;
}

function toDataUrl(png: Buffer): string {
  return `data:image/png;base64,${png.toString("base64")}`;
}

export async function previewSynthesis(input: {
  preset: SynthesisPresetName;
  overrides: SynthesisOverrides;
  seed: number;
  size: number;
}): Promise<SynthesisPreview> {
  const ranges = resolveSynthesisRanges(input.preset, input.overrides);
  const params = sampleSynthesisParams(ranges, { seed: input.seed });
  const started = performance.now();
  const image = synthesizeImage(params, {
    width: input.size,
    height: input.size,
    seed: input.seed,
  });
  const renderMs = performance.now() - started;
  const overlay = new Uint8Array(input.size * input.size * 4);
  for (let i = 0; i < image.classes.length; i++) {
    const value = image.classes[i];
    const o = i * 4;
    if (value === 1) {
      overlay[o + 1] = 200;
      overlay[o + 3] = 110;
    } else if (value === 2) {
      overlay[o] = 230;
      overlay[o + 2] = 200;
      overlay[o + 3] = 230;
    }
  }
  const raw = { width: input.size, height: input.size };
  const [imagePng, classesPng] = await Promise.all([
    sharp(image.rgb, { raw: { ...raw, channels: 3 } })
      .png()
      .toBuffer(),
    sharp(overlay, { raw: { ...raw, channels: 4 } })
      .png()
      .toBuffer(),
  ]);
  return {
    imageUrl: toDataUrl(imagePng),
    classesUrl: toDataUrl(classesPng),
    fiberCount: image.fiberCount,
    params: params as unknown as Record<string, number>,
    renderMs: Math.round(renderMs),
  };
}
