import { describe, expect, it } from "vitest";
import {
  formatDeepZoomTilePath,
  getDeepZoomLevelSize,
  getDeepZoomMaxLevel,
  isDeepZoomTile,
} from "./deep-zoom.ts";
import { parseDzi } from "./parse-dzi.ts";

// CMU-1-Small-Region.svs as `vips dzsave --tile-size 256` writes it.
const CMU = { width: 2220, height: 2967, tileSize: 256 };

describe("getDeepZoomMaxLevel(width, height)", () => {
  it("is ceil(log2) of the longer side, as vips dzsave numbers levels", () => {
    expect(getDeepZoomMaxLevel(2220, 2967)).toBe(12);
    expect(getDeepZoomMaxLevel(4096, 10)).toBe(12);
    expect(getDeepZoomMaxLevel(4097, 10)).toBe(13);
    expect(getDeepZoomMaxLevel(1, 1)).toBe(0);
  });

  it("rejects non-positive sizes naming the parameter", () => {
    expect(() => getDeepZoomMaxLevel(0, 5)).toThrow(/width must be a positive integer, got 0/);
  });
});

describe("getDeepZoomLevelSize(geometry, level)", () => {
  it("halves with rounding up and counts the tiles", () => {
    expect(getDeepZoomLevelSize(CMU, 12)).toEqual({
      width: 2220,
      height: 2967,
      columns: 9,
      rows: 12,
    });
    expect(getDeepZoomLevelSize(CMU, 11)).toEqual({
      width: 1110,
      height: 1484,
      columns: 5,
      rows: 6,
    });
    expect(getDeepZoomLevelSize(CMU, 0)).toEqual({ width: 1, height: 1, columns: 1, rows: 1 });
  });

  it("rejects a level above the full resolution", () => {
    expect(() => getDeepZoomLevelSize(CMU, 13)).toThrow(/level must be an integer in \[0, 12\]/);
  });
});

describe("isDeepZoomTile(geometry, tile)", () => {
  it("accepts tiles inside the level and refuses everything else", () => {
    expect(isDeepZoomTile(CMU, { level: 12, col: 8, row: 11 })).toBe(true);
    expect(isDeepZoomTile(CMU, { level: 12, col: 9, row: 0 })).toBe(false);
    expect(isDeepZoomTile(CMU, { level: 13, col: 0, row: 0 })).toBe(false);
    expect(isDeepZoomTile(CMU, { level: -1, col: 0, row: 0 })).toBe(false);
    expect(isDeepZoomTile(CMU, { level: 1.5, col: 0, row: 0 })).toBe(false);
  });
});

describe("formatDeepZoomTilePath(tile, format)", () => {
  it("writes level/col_row.ext", () => {
    expect(formatDeepZoomTilePath({ level: 12, col: 3, row: 4 })).toBe("12/3_4.jpg");
  });
});

describe("parseDzi(xml)", () => {
  it("reads the descriptor vips dzsave writes", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Image xmlns="http://schemas.microsoft.com/deepzoom/2008"
  Format="jpg"
  Overlap="0"
  TileSize="256"
  >
  <Size 
    Height="2967"
    Width="2220"
  />
</Image>`;
    expect(parseDzi(xml)).toEqual({
      width: 2220,
      height: 2967,
      tileSize: 256,
      overlap: 0,
      format: "jpg",
    });
  });

  it("reads sharp's single-line descriptor", () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><Image xmlns="http://schemas.microsoft.com/deepzoom/2008" Format="jpeg" Overlap="0" TileSize="256"><Size Height="908" Width="1152"/></Image>';
    expect(parseDzi(xml)).toMatchObject({ width: 1152, height: 908, format: "jpeg" });
  });

  it("names a missing attribute", () => {
    expect(() =>
      parseDzi('<Image Format="jpg" Overlap="0"><Size Width="1" Height="1"/></Image>'),
    ).toThrow(/dzi Image.TileSize must be an integer ≥ 1, got undefined/);
  });
});
