import { resolve } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { computeTileGrid } from "./compute-tile-grid.ts";
import { extractTile, pasteTile, type Raster } from "./extract-tile.ts";

const REAL_DATA = resolve(import.meta.dirname, "../../../../../shared/data/real");

async function readRgb(path: string): Promise<Raster<Uint8Array>> {
  const { data, info } = await sharp(path)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
}

describe("extractTile(source, rect) and pasteTile(target, tile, x, y)", () => {
  it("copies a rectangle of an interleaved RGB raster", () => {
    // 3×2 image, pixel (x, y) = [10x + y, 100 + x, 200 + y].
    const data = Uint8Array.from([
      0, 100, 200, 10, 101, 200, 20, 102, 200, 1, 100, 201, 11, 101, 201, 21, 102, 201,
    ]);
    const tile = extractTile(
      { data, width: 3, height: 2, channels: 3 },
      { x: 1, y: 1, width: 2, height: 1 },
    );
    expect(Array.from(tile.data)).toEqual([11, 101, 201, 21, 102, 201]);
    expect(tile.width).toBe(2);
    expect(tile.height).toBe(1);
  });

  it("keeps the array type, so 16-bit labels and float weights survive", () => {
    const labels = Uint16Array.from([0, 40000, 65535, 7]);
    const tile = extractTile(
      { data: labels, width: 2, height: 2, channels: 1 },
      { x: 1, y: 0, width: 1, height: 2 },
    );
    expect(tile.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(tile.data)).toEqual([40000, 7]);
    const weights = Float32Array.from([0.5, 412.25]);
    expect(
      extractTile(
        { data: weights, width: 2, height: 1, channels: 1 },
        { x: 1, y: 0, width: 1, height: 1 },
      ).data,
    ).toEqual(Float32Array.from([412.25]));
  });

  it("re-assembles a real H&E image exactly from its 400 px tiles with and without overlap", async () => {
    const source = await readRgb(resolve(REAL_DATA, "he_muscle_wcchu/images/sample_img_02.tif"));
    expect(source.width).toBe(1002);
    for (const overlap of [0, 64]) {
      const target: Raster<Uint8Array> = { ...source, data: new Uint8Array(source.data.length) };
      const grid = computeTileGrid(source.width, source.height, { tileSize: 400, overlap });
      for (const rect of grid) pasteTile(target, extractTile(source, rect), rect.x, rect.y);
      expect(Buffer.compare(Buffer.from(target.data), Buffer.from(source.data))).toBe(0);
    }
  });

  it("rejects rectangles outside the source and mismatched data lengths", () => {
    const source = { data: new Uint8Array(12), width: 4, height: 3, channels: 1 };
    expect(() => extractTile(source, { x: 2, y: 0, width: 3, height: 1 })).toThrow(
      /rect must be an integer rectangle inside 4×3/,
    );
    expect(() =>
      extractTile({ ...source, channels: 3 }, { x: 0, y: 0, width: 1, height: 1 }),
    ).toThrow(/source.data must hold width·height·channels = 36 samples, got 12/);
    const tile = { data: new Uint8Array(3), width: 1, height: 1, channels: 3 };
    expect(() => pasteTile(source, tile, 0, 0)).toThrow(
      /tile.channels must equal target.channels \(1\), got 3/,
    );
  });
});
