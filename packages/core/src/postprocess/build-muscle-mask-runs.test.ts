import { describe, expect, it } from "vitest";
import { paintMaskRowRuns, toMaskRowRuns } from "../morphology/row-runs.ts";
import { buildMuscleMaskRuns } from "./build-muscle-mask-runs.ts";

/** The muscle mask of a pixel mask, through runs. */
function buildMuscleMask(
  mask: Uint8Array,
  options: {
    width: number;
    height: number;
    closingIterations: number;
    holeAreaPx: number;
    minPieceAreaPx: number;
  },
): { mask: Uint8Array } {
  const rows = toMaskRowRuns(mask, options.width, options.height);
  return { mask: paintMaskRowRuns(buildMuscleMaskRuns(rows, options), options.width) };
}

const count = (mask: Uint8Array) => mask.reduce((sum, value) => sum + value, 0);

describe("buildMuscleMaskRuns(fiberRows, options)", () => {
  const width = 120;
  const height = 60;
  // Main block: 4×2 squares of 12 px with 4-px gaps at x 10–70, y 10–38; a lone 6×6 square at x 100–105, y 40–45.
  const fibers = new Uint8Array(width * height);
  for (let row = 0; row < 2; row++) {
    for (let column = 0; column < 4; column++) {
      for (let y = 10 + row * 16; y < 22 + row * 16; y++) {
        for (let x = 10 + column * 16; x < 22 + column * 16; x++) fibers[y * width + x] = 1;
      }
    }
  }
  for (let y = 40; y < 46; y++) for (let x = 100; x < 106; x++) fibers[y * width + x] = 1;
  const options = { width, height, closingIterations: 10, holeAreaPx: 3500, minPieceAreaPx: 0 };

  it("closes the gaps between fibers into one muscle block, without gluing it to the nearby border", () => {
    const mask = buildMuscleMask(fibers, options).mask;
    // The block spans x 10–69, y 10–37: 60 × 28 = 1680 px; the lone square stays 36 px.
    expect(count(mask)).toBe(60 * 28 + 36);
    expect(mask[16 * width + 24]).toBe(1);
  });

  it("drops pieces below minPieceAreaPx", () => {
    const mask = buildMuscleMask(fibers, { ...options, minPieceAreaPx: 100 }).mask;
    expect(count(mask)).toBe(60 * 28);
    expect(mask[42 * width + 102]).toBe(0);
  });

  it("fills a hole smaller than holeAreaPx but keeps a larger one", () => {
    // A 40×40 ring of width 12 around a 16×16 hole (256 px), no dilation.
    const ring = new Uint8Array(60 * 60);
    for (let y = 10; y < 50; y++)
      for (let x = 10; x < 50; x++)
        ring[y * 60 + x] = x < 22 || x >= 38 || y < 22 || y >= 38 ? 1 : 0;
    const base = { width: 60, height: 60, closingIterations: 0, minPieceAreaPx: 0 };
    expect(count(buildMuscleMask(ring, { ...base, holeAreaPx: 257 }).mask)).toBe(1600);
    expect(count(buildMuscleMask(ring, { ...base, holeAreaPx: 256 }).mask)).toBe(1600 - 256);
  });
});
