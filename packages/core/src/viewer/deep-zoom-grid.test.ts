import { describe, expect, it } from "vitest";
import {
  getDeepZoomMaxLevel,
  getLevelDownsample,
  getLevelForResolution,
  getLevelResolutions,
  getLevelSize,
  getTilePixelRect,
  getTileRange,
} from "./deep-zoom-grid.ts";

// The wcchu tile: 1002×1002 px at 0.2774 µm/px.
const WCCHU = { width: 1002, height: 1002, tileSize: 256 };

describe("DeepZoom tile grid", () => {
  it("getDeepZoomMaxLevel is ceil(log2(longest side)), as sharp and vips dzsave number levels", () => {
    expect(getDeepZoomMaxLevel(1002, 1002)).toBe(10);
    expect(getDeepZoomMaxLevel(1024, 10)).toBe(10);
    expect(getDeepZoomMaxLevel(1025, 10)).toBe(11);
    expect(getDeepZoomMaxLevel(1, 1)).toBe(0);
  });

  it("getLevelSize halves and rounds up per level, down to 1×1 at level 0", () => {
    expect(getLevelSize(WCCHU, 10)).toEqual({ width: 1002, height: 1002 });
    expect(getLevelSize(WCCHU, 9)).toEqual({ width: 501, height: 501 });
    expect(getLevelSize(WCCHU, 8)).toEqual({ width: 251, height: 251 });
    expect(getLevelSize({ width: 3000, height: 1000, tileSize: 256 }, 0)).toEqual({
      width: 1,
      height: 1,
    });
  });

  it("getLevelResolutions gives µm/px per level, coarsest first, the finest equal to the pixel size", () => {
    const resolutions = getLevelResolutions({ ...WCCHU, pixelSizeUm: 0.2774 });
    expect(resolutions).toHaveLength(11);
    expect(resolutions[10]).toBeCloseTo(0.2774, 12);
    expect(resolutions[9]).toBeCloseTo(0.5548, 12);
    expect(resolutions[0]).toBeCloseTo(0.2774 * 1024, 9);
    expect(getLevelDownsample(7, 10)).toBe(8);
  });

  it("getTileRange counts cropped edge tiles", () => {
    expect(getTileRange(WCCHU, 10)).toEqual({ columns: 4, rows: 4 });
    expect(getTileRange(WCCHU, 8)).toEqual({ columns: 1, rows: 1 });
    expect(getTileRange({ width: 5000, height: 300, tileSize: 256 }, 13)).toEqual({
      columns: 20,
      rows: 2,
    });
  });

  it("getTilePixelRect maps a tile to its full-resolution rectangle, cropped at the image edge", () => {
    expect(getTilePixelRect(WCCHU, { level: 10, column: 3, row: 1 })).toEqual({
      x: 768,
      y: 256,
      width: 234,
      height: 256,
    });
    // Level 9 tiles span 512 full-resolution pixels.
    expect(getTilePixelRect(WCCHU, { level: 9, column: 1, row: 0 })).toEqual({
      x: 512,
      y: 0,
      width: 490,
      height: 512,
    });
  });

  it("refuses tiles and levels outside the pyramid, naming the parameter", () => {
    expect(() => getTilePixelRect(WCCHU, { level: 10, column: 4, row: 0 })).toThrow(
      "column must be an integer in [0, 3], got 4",
    );
    expect(() => getTilePixelRect(WCCHU, { level: 11, column: 0, row: 0 })).toThrow(
      "level must be an integer in [0, 10], got 11",
    );
    expect(() => getLevelSize({ width: 0, height: 5, tileSize: 256 }, 0)).toThrow(
      "width must be a positive integer, got 0",
    );
    expect(() => getLevelResolutions({ ...WCCHU, pixelSizeUm: 0 })).toThrow(
      "pixelSizeUm must be a positive number, got 0",
    );
  });

  it("getLevelForResolution picks the finest level not finer than the view", () => {
    const shape = { ...WCCHU, pixelSizeUm: 0.5 };
    expect(getLevelForResolution(shape, 0.5)).toBe(10);
    expect(getLevelForResolution(shape, 0.1)).toBe(10);
    expect(getLevelForResolution(shape, 0.75)).toBe(9);
    expect(getLevelForResolution(shape, 1)).toBe(9);
  });
});
