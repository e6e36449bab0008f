/**
 * @module viewer/build-overlay-palette
 * One RGBA colour per fiber label for a run and an overlay mode, so a tile is a
 * table lookup per pixel whatever the number of fibers. Colours are packed
 * little-endian (r | g<<8 | b<<16 | a<<24) to be written through a Uint32Array
 * view of the RGBA bytes; label 0 (background) is transparent.
 */

import type { ColorScale } from "./color-scale.ts";
import { sampleViridis } from "./colormap.ts";

/** Per-label fiber attributes, indexed by label (index 0 unused). */
export interface FiberLookup {
  /** The chosen feature's value per label; NaN where missing or no such fiber. */
  values: Float32Array;
  /** Bit flags per label, see `FIBER_FLAG_*`; 0 = no fiber row with this label. */
  flags: Uint8Array;
}

export const FIBER_FLAG_EXISTS = 1;
export const FIBER_FLAG_IN_MUSCLE = 2;
export const FIBER_FLAG_PASSES_SHAPE = 4;
export const FIBER_FLAG_EXCLUDED = 8;

export type PaletteMode = "feature" | "contour" | "filtered" | "abnormal";

export interface OverlayPaletteOptions {
  mode: PaletteMode;
  /** Colour scale of `feature` mode (the project's range). */
  scale?: ColorScale;
  /** `abnormal` mode: values below are "small". */
  lo?: number;
  /** `abnormal` mode: values above are "large". */
  hi?: number;
  /**
   * Alpha of fills, 0–255. Opacity is the client's layer opacity; this keeps fills
   * from hiding the tissue completely when the layer is at 100 %.
   * @default 200
   */
  alpha?: number;
}

export function packRgba(r: number, g: number, b: number, a: number): number {
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

const SMALL = [220, 38, 38] as const;
const LARGE = [37, 99, 235] as const;
const NORMAL = [148, 163, 184] as const;
const OUTLINE = [250, 204, 21] as const;
const PASSES = [34, 197, 94] as const;
const FAILS_SHAPE = [249, 115, 22] as const;
const OUTSIDE_MUSCLE = [217, 70, 239] as const;

/** The palette of `lookup` for `options.mode`; entry i is the colour of label i. */
export function buildOverlayPalette(
  lookup: FiberLookup,
  options: OverlayPaletteOptions,
): Uint32Array {
  const { values, flags } = lookup;
  if (values.length !== flags.length) {
    throw new RangeError(
      `values and flags must have one entry per label, got ${values.length} and ${flags.length}`,
    );
  }
  const alpha = options.alpha ?? 200;
  if (!Number.isInteger(alpha) || alpha < 0 || alpha > 255) {
    throw new RangeError(`alpha must be an integer in [0, 255], got ${alpha}`);
  }
  if (options.mode === "feature" && !options.scale) {
    throw new RangeError("scale is required in feature mode");
  }
  if (options.mode === "abnormal") {
    const { lo, hi } = options;
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || (lo as number) > (hi as number)) {
      throw new RangeError(`lo and hi must be finite with lo ≤ hi, got lo=${lo}, hi=${hi}`);
    }
  }
  const palette = new Uint32Array(values.length);
  for (let label = 1; label < values.length; label++) {
    const flag = flags[label] as number;
    if (!(flag & FIBER_FLAG_EXISTS)) continue;
    const value = values[label] as number;
    palette[label] = colourOf(options, flag, value, alpha);
  }
  return palette;
}

function colourOf(
  options: OverlayPaletteOptions,
  flag: number,
  value: number,
  alpha: number,
): number {
  switch (options.mode) {
    case "contour":
      return packRgba(OUTLINE[0], OUTLINE[1], OUTLINE[2], 255);
    case "feature": {
      const t = options.scale?.normalize(value) ?? Number.NaN;
      if (Number.isNaN(t)) return packRgba(NORMAL[0], NORMAL[1], NORMAL[2], alpha >> 1);
      const [r, g, b] = sampleViridis(t);
      return packRgba(r, g, b, alpha);
    }
    case "filtered": {
      if (!(flag & FIBER_FLAG_IN_MUSCLE) || flag & FIBER_FLAG_EXCLUDED) {
        return packRgba(OUTSIDE_MUSCLE[0], OUTSIDE_MUSCLE[1], OUTSIDE_MUSCLE[2], alpha);
      }
      if (!(flag & FIBER_FLAG_PASSES_SHAPE)) {
        return packRgba(FAILS_SHAPE[0], FAILS_SHAPE[1], FAILS_SHAPE[2], alpha);
      }
      return packRgba(PASSES[0], PASSES[1], PASSES[2], alpha >> 2);
    }
    case "abnormal": {
      if (value < (options.lo as number)) return packRgba(SMALL[0], SMALL[1], SMALL[2], alpha);
      if (value > (options.hi as number)) return packRgba(LARGE[0], LARGE[1], LARGE[2], alpha);
      return packRgba(NORMAL[0], NORMAL[1], NORMAL[2], alpha >> 1);
    }
  }
}

/** The fixed colours of the categorical modes, for legends (CSS rgb()). */
export const OVERLAY_LEGEND_COLOURS = {
  small: `rgb(${SMALL.join(" ")})`,
  large: `rgb(${LARGE.join(" ")})`,
  normal: `rgb(${NORMAL.join(" ")})`,
  outline: `rgb(${OUTLINE.join(" ")})`,
  passes: `rgb(${PASSES.join(" ")})`,
  failsShape: `rgb(${FAILS_SHAPE.join(" ")})`,
  outsideMuscle: `rgb(${OUTSIDE_MUSCLE.join(" ")})`,
} as const;
