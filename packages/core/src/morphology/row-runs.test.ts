import { describe, expect, it } from "vitest";
import { labelRowRuns } from "./label-row-runs.ts";
import { labelRuns } from "./label-runs.ts";
import {
  complementRowRuns,
  countRowRunPixels,
  includesRowRuns,
  paintRowRuns,
  toRowRuns,
  unionRowRuns,
} from "./row-runs.ts";

const runs = (...values: number[]) => Int32Array.from(values);

describe("row runs", () => {
  it("finds the runs of a row and paints them back", () => {
    const row = Uint8Array.from([0, 1, 1, 0, 0, 1, 0, 1]);
    const found = toRowRuns(row, 0, row.length);
    expect(Array.from(found)).toEqual([1, 3, 5, 6, 7, 8]);
    const painted = new Uint8Array(10);
    paintRowRuns(found, painted, 2);
    expect(Array.from(painted)).toEqual([0, 0, 0, 1, 1, 0, 0, 1, 0, 1]);
    expect(countRowRunPixels(found)).toBe(4);
  });

  it("complements, unites (merging touching runs) and looks up columns", () => {
    expect(Array.from(complementRowRuns(runs(1, 3, 5, 6), 8))).toEqual([0, 1, 3, 5, 6, 8]);
    expect(Array.from(complementRowRuns(runs(0, 8), 8))).toEqual([]);
    expect(Array.from(unionRowRuns(runs(0, 2, 6, 9), runs(2, 4, 7, 12)))).toEqual([0, 4, 6, 12]);
    expect([0, 2, 3, 5, 6].map((x) => includesRowRuns(runs(1, 3, 5, 6), x))).toEqual([
      false,
      true,
      false,
      true,
      false,
    ]);
  });

  it("labels components of runs as the pixel labelling does, with their areas", () => {
    // A diagonal pair joins under 8-connectivity only; a U joins at its bottom.
    const rows = [
      [1, 0, 0, 1, 0, 1],
      [0, 1, 0, 1, 0, 1],
      [0, 0, 0, 1, 1, 1],
      [1, 1, 0, 0, 0, 0],
    ];
    const width = 6;
    const mask = Uint8Array.from(rows.flat());
    const rowRuns = rows.map((row) => toRowRuns(Uint8Array.from(row), 0, width));
    for (const connectivity of [4, 8] as const) {
      const expected = labelRuns(mask, { width, height: rows.length, connectivity });
      const labeled = labelRowRuns(rowRuns, connectivity);
      expect(labeled.count).toBe(expected.count);
      expect(labeled.runLabels.flatMap((labels) => Array.from(labels))).toEqual(
        Array.from(expected.runLabel),
      );
    }
    const eight = labelRowRuns(rowRuns, 8);
    expect(Array.from(eight.areas)).toEqual([0, 2, 7, 2]);
  });
});
