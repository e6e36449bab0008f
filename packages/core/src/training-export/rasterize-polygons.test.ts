import { describe, expect, it } from "vitest";
import { rasterizePolygons } from "./rasterize-polygons.ts";

function rows(mask: Uint8Array, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < mask.length; i += width)
    out.push(Array.from(mask.subarray(i, i + width)).join(""));
  return out;
}

describe("rasterizePolygons(rings, width, height)", () => {
  it("fills exactly the pixels of a pixel-corner rectangle", () => {
    // Corners (1, 1)–(4, 3): pixels x = 1..3, y = 1..2.
    const mask = rasterizePolygons([[1, 1, 4, 1, 4, 3, 1, 3]], 5, 4);
    expect(rows(mask, 5)).toEqual(["00000", "01110", "01110", "00000"]);
  });

  it("samples at pixel centres: a right triangle keeps the pixels whose centres lie under the diagonal", () => {
    const mask = rasterizePolygons([[0, 0, 4, 0, 0, 4]], 4, 4);
    expect(rows(mask, 4)).toEqual(["1110", "1100", "1000", "0000"]);
  });

  it("cuts holes with the even-odd rule", () => {
    const outer = [0, 0, 5, 0, 5, 5, 0, 5];
    const hole = [2, 2, 3, 2, 3, 3, 2, 3];
    expect(rows(rasterizePolygons([outer, hole], 5, 5), 5)).toEqual([
      "11111",
      "11111",
      "11011",
      "11111",
      "11111",
    ]);
  });

  it("clips polygons reaching outside the raster", () => {
    const mask = rasterizePolygons([[-3, -3, 2, -3, 2, 1, -3, 1]], 3, 2);
    expect(rows(mask, 3)).toEqual(["110", "000"]);
  });

  it("rejects degenerate rings", () => {
    expect(() => rasterizePolygons([[0, 0, 1, 1]], 2, 2)).toThrow(
      /at least 3 \(x, y\) pairs, got 4 numbers/,
    );
  });
});
