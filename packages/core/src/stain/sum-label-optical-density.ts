/**
 * @module stain/sum-label-optical-density
 * Mean haematoxylin and eosin optical density per label, by colour
 * deconvolution (A. C. Ruifrok and D. A. Johnston, "Quantification of
 * histochemical staining by color deconvolution", Anal Quant Cytol Histol 23,
 * 2001) with the "H&E" stain vectors and set-up of G. Landini's Fiji plugin
 * "Colour Deconvolution" (`features/stain-deconvolution.ts`).
 *
 * The RGB pixels must lie on the label grid (same width, same rows); callers
 * feed the image strip by strip, so a whole section is never held: the sums
 * are 24 bytes per label.
 */

import {
  createOpticalDensityTable,
  createStainDeconvolution,
} from "../features/stain-deconvolution.ts";
import type { LabelArray } from "../morphology/image-size.ts";

/** Running per-label sums; index = label value. */
export interface LabelOpticalDensitySums {
  /** Pixels seen per label. */
  count: Float64Array;
  /** Σ haematoxylin OD per label. */
  hematoxylin: Float64Array;
  /** Σ eosin OD per label. */
  eosin: Float64Array;
}

export interface AddLabelOpticalDensityOptions {
  /**
   * Channels per pixel of `rgb` (3 or 4; a 4th is ignored).
   * @default 3
   */
  channels?: number;
}

const OD_TABLE = createOpticalDensityTable();
const DECONVOLUTION = createStainDeconvolution();

/** Empty sums for labels 0…maxLabel. */
export function createLabelOpticalDensitySums(maxLabel: number): LabelOpticalDensitySums {
  if (!Number.isInteger(maxLabel) || maxLabel < 0) {
    throw new RangeError(`maxLabel must be a non-negative integer, got ${String(maxLabel)}`);
  }
  return {
    count: new Float64Array(maxLabel + 1),
    hematoxylin: new Float64Array(maxLabel + 1),
    eosin: new Float64Array(maxLabel + 1),
  };
}

/**
 * Adds the pixels of one strip: `labels[i]` and `rgb[i·channels…]` are the same
 * pixel. Label 0 (background) is skipped.
 */
export function addLabelOpticalDensity(
  sums: LabelOpticalDensitySums,
  labels: LabelArray,
  rgb: Uint8Array | Uint8ClampedArray,
  options: AddLabelOpticalDensityOptions = {},
): void {
  const { channels = 3 } = options;
  if (channels !== 3 && channels !== 4) {
    throw new RangeError(`channels must be 3 or 4, got ${String(channels)}`);
  }
  if (rgb.length !== labels.length * channels) {
    throw new RangeError(
      `rgb.length must be labels.length × channels = ${labels.length * channels}, got ${rgb.length}`,
    );
  }
  const maxLabel = sums.count.length - 1;
  const [h0, h1, h2, e0, e1, e2] = DECONVOLUTION as unknown as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const { count, hematoxylin, eosin } = sums;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (label === 0) continue;
    if (label > maxLabel) {
      throw new RangeError(`label ${label} exceeds the sums' maxLabel ${maxLabel}`);
    }
    const base = i * channels;
    const odR = OD_TABLE[rgb[base] as number] as number;
    const odG = OD_TABLE[rgb[base + 1] as number] as number;
    const odB = OD_TABLE[rgb[base + 2] as number] as number;
    count[label] = (count[label] as number) + 1;
    hematoxylin[label] = (hematoxylin[label] as number) + h0 * odR + h1 * odG + h2 * odB;
    eosin[label] = (eosin[label] as number) + e0 * odR + e1 * odG + e2 * odB;
  }
}

/** Mean H and E optical density of `label`, or null when it had no pixel. */
export function meanLabelOpticalDensity(
  sums: LabelOpticalDensitySums,
  label: number,
): { hematoxylin: number; eosin: number } | null {
  const n = sums.count[label] ?? 0;
  if (n === 0) return null;
  return {
    hematoxylin: (sums.hematoxylin[label] as number) / n,
    eosin: (sums.eosin[label] as number) / n,
  };
}
