import { describe, expect, it } from "vitest";
import { computeTileGrid } from "./compute-tile-grid.ts";

/** How many tiles cover each pixel. */
function countCoverage(width: number, height: number, tileSize: number, overlap: number) {
  const counts = new Uint8Array(width * height);
  for (const tile of computeTileGrid(width, height, { tileSize, overlap })) {
    for (let y = tile.y; y < tile.y + tile.height; y++) {
      for (let x = tile.x; x < tile.x + tile.width; x++)
        counts[y * width + x] = (counts[y * width + x] ?? 0) + 1;
    }
  }
  return counts;
}

describe("computeTileGrid(width, height, options)", () => {
  it("defaults to the paper's 400×400 tiles without overlap", () => {
    const tiles = computeTileGrid(800, 400);
    expect(tiles).toEqual([
      { x: 0, y: 0, width: 400, height: 400 },
      { x: 400, y: 0, width: 400, height: 400 },
    ]);
  });

  it("aligns the last tile of a row and column to the image edge", () => {
    const tiles = computeTileGrid(1000, 450, { tileSize: 400 });
    expect(tiles.map((t) => [t.x, t.y])).toEqual([
      [0, 0],
      [400, 0],
      [600, 0],
      [0, 50],
      [400, 50],
      [600, 50],
    ]);
    expect(tiles.every((t) => t.width === 400 && t.height === 400)).toBe(true);
  });

  it("steps by tileSize − overlap", () => {
    const xs = computeTileGrid(1000, 256, { tileSize: 256, overlap: 56 }).map((t) => t.x);
    expect(xs).toEqual([0, 200, 400, 600, 744]);
  });

  it("covers every pixel of a 2048² image, and with overlap 0 only the edge tiles overlap", () => {
    const counts = countCoverage(2048, 2048, 400, 0);
    expect(counts.reduce((min, c) => Math.min(min, c), 255)).toBe(1);
    // 2048 = 5·400 + 48: the sixth tile re-covers 352 px of the fifth.
    expect(counts[2047 * 2048 + 1700]).toBe(2);
    expect(counts[10 * 2048 + 10]).toBe(1);
  });

  it("gives one image-sized tile when the image is smaller than a tile", () => {
    expect(computeTileGrid(300, 120)).toEqual([{ x: 0, y: 0, width: 300, height: 120 }]);
  });

  it("rejects bad sizes and overlaps with a RangeError naming the parameter", () => {
    expect(() => computeTileGrid(0, 10)).toThrow(/width must be a positive integer, got 0/);
    expect(() => computeTileGrid(10, 1.5)).toThrow(/height .* got 1.5/);
    expect(() => computeTileGrid(10, 10, { tileSize: -4 })).toThrow(/tileSize .* got -4/);
    expect(() => computeTileGrid(10, 10, { tileSize: 4, overlap: 4 })).toThrow(
      /overlap must be an integer in \[0, 4\), got 4/,
    );
  });
});
