import { describe, expect, it } from "vitest";
import { fillSmallHoles } from "../morphology/fill-small-holes.ts";
import { removeSmallComponents } from "../morphology/remove-small-components.ts";
import { toRowRuns } from "../morphology/row-runs.ts";
import { finishMuscleMaskRuns } from "./finish-muscle-mask-runs.ts";

/** The toolset's recipe on pixels: MorphoLibJ area opening of the inverse, then Analyze Particles. */
function finishMuscleMask(
  closed: Uint8Array,
  options: { width: number; height: number; holeAreaPx: number; minPieceAreaPx: number },
): Uint8Array {
  const { width, height, holeAreaPx, minPieceAreaPx } = options;
  const filled = fillSmallHoles(closed, { width, height, maxArea: holeAreaPx, connectivity: 4 });
  if (minPieceAreaPx <= 0) return filled;
  return removeSmallComponents(filled, { width, height, minArea: minPieceAreaPx, connectivity: 8 });
}

describe("finishMuscleMaskRuns(closedRuns, options)", () => {
  it("fills the same holes and drops the same pieces as finishMuscleMask on pixels", () => {
    const width = 90;
    const height = 70;
    const closed = new Uint8Array(width * height);
    // A large block with holes of 4, 30 and 200 px, a 12-px speck and a 150-px piece.
    for (let y = 5; y < 60; y++) closed.fill(1, y * width + 5, y * width + 60);
    const clear = (x0: number, y0: number, w: number, h: number, value = 0) => {
      for (let y = y0; y < y0 + h; y++) closed.fill(value, y * width + x0, y * width + x0 + w);
    };
    clear(10, 10, 2, 2);
    clear(20, 10, 5, 6);
    clear(30, 30, 20, 10);
    clear(70, 5, 3, 4, 1);
    clear(70, 40, 15, 10, 1);
    const options = { width, height, closingIterations: 0, holeAreaPx: 50 };
    const rows = Array.from({ length: height }, (_, y) => toRowRuns(closed, y * width, width));
    for (const minPieceAreaPx of [0, 100]) {
      const expected = finishMuscleMask(closed, { ...options, minPieceAreaPx });
      const got = finishMuscleMaskRuns(rows, { width, holeAreaPx: 50, minPieceAreaPx });
      const painted = new Uint8Array(width * height);
      got.forEach((runs, y) => {
        for (let k = 0; k < runs.length; k += 2) {
          painted.fill(1, y * width + (runs[k] as number), y * width + (runs[k + 1] as number));
        }
      });
      expect(painted).toEqual(expected);
    }
    // The 200-px hole stays open, the 4- and 30-px ones close; the speck goes, the 150-px piece stays.
    const got = finishMuscleMaskRuns(rows, { width, holeAreaPx: 50, minPieceAreaPx: 100 });
    expect(Array.from(got[11] ?? [])).toEqual([5, 60]);
    expect(Array.from(got[6] ?? [])).toEqual([5, 60]);
    expect(Array.from(got[35] ?? [])).toEqual([5, 30, 50, 60]);
    expect(Array.from(got[45] ?? [])).toEqual([5, 60, 70, 85]);
  });
});
