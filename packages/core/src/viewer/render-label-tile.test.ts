import { describe, expect, it } from "vitest";
import {
  buildOverlayPalette,
  FIBER_FLAG_EXISTS,
  FIBER_FLAG_IN_MUSCLE,
  FIBER_FLAG_PASSES_SHAPE,
  packRgba,
} from "./build-overlay-palette.ts";
import { createColorScale } from "./color-scale.ts";
import { getSampleCoordinates, renderLabelTile } from "./render-label-tile.ts";

const OK = FIBER_FLAG_EXISTS | FIBER_FLAG_IN_MUSCLE | FIBER_FLAG_PASSES_SHAPE;

function rgbaAt(out: Uint8Array, tileSize: number, x: number, y: number): number[] {
  const i = (y * tileSize + x) * 4;
  return Array.from(out.subarray(i, i + 4));
}

describe("overlay palette and label tiles", () => {
  it("buildOverlayPalette colours a fiber by its feature on the project scale and leaves label 0 transparent", () => {
    const lookup = {
      values: Float32Array.from([Number.NaN, 20, 40, 60]),
      flags: Uint8Array.from([0, OK, OK, OK]),
    };
    const palette = buildOverlayPalette(lookup, {
      mode: "feature",
      scale: createColorScale({ min: 20, max: 60 }),
      alpha: 255,
    });
    expect(palette[0]).toBe(0);
    expect(palette[1]).toBe(packRgba(0x44, 0x01, 0x54, 255));
    expect(palette[3]).toBe(packRgba(0xfd, 0xe7, 0x25, 255));
  });

  it("buildOverlayPalette in abnormal mode marks small below lo and large above hi", () => {
    const lookup = {
      values: Float32Array.from([0, 10, 30, 80]),
      flags: Uint8Array.from([0, OK, OK, OK]),
    };
    const palette = buildOverlayPalette(lookup, { mode: "abnormal", lo: 15, hi: 60, alpha: 255 });
    expect((palette[1] as number) & 0xff).toBe(220); // red channel of "small"
    expect(((palette[3] as number) >> 16) & 0xff).toBe(235); // blue channel of "large"
    expect(() => buildOverlayPalette(lookup, { mode: "abnormal", lo: 70, hi: 60 })).toThrow(
      "lo and hi must be finite with lo ≤ hi, got lo=70, hi=60",
    );
  });

  it("renderLabelTile fills by palette, outlines only borders and keeps the cropped part transparent", () => {
    const tileSize = 4;
    // Two fibers side by side in a 3×3 valid area.
    const labels = Uint16Array.from([1, 1, 2, 9, 1, 1, 2, 9, 1, 1, 2, 9, 9, 9, 9, 9]);
    const palette = Uint32Array.from([0, packRgba(255, 0, 0, 255), packRgba(0, 0, 255, 255)]);
    const fill = renderLabelTile(labels, palette, {
      tileSize,
      validWidth: 3,
      validHeight: 3,
      style: "fill",
    });
    expect(rgbaAt(fill, tileSize, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(rgbaAt(fill, tileSize, 2, 2)).toEqual([0, 0, 255, 255]);
    expect(rgbaAt(fill, tileSize, 3, 0)).toEqual([0, 0, 0, 0]);
    const outline = renderLabelTile(labels, palette, {
      tileSize,
      validWidth: 3,
      validHeight: 3,
      style: "outline",
    });
    expect(rgbaAt(outline, tileSize, 0, 1)).toEqual([0, 0, 0, 0]);
    expect(rgbaAt(outline, tileSize, 1, 1)).toEqual([255, 0, 0, 255]);
    expect(rgbaAt(outline, tileSize, 2, 1)).toEqual([0, 0, 255, 255]);
  });

  it("getSampleCoordinates samples pixel centres and clamps to the raster", () => {
    expect(Array.from(getSampleCoordinates(0, 4, 2, 1, 100))).toEqual([1, 3, 5, 7]);
    // A raster at half the full resolution (a thickness map stored downscaled).
    expect(Array.from(getSampleCoordinates(10, 3, 1, 0.5, 6))).toEqual([5, 5, 5]);
    expect(() => getSampleCoordinates(0, 4, 0, 1, 10)).toThrow("step must be positive, got 0");
  });
});
