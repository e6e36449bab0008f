import { describe, expect, it } from "vitest";
import { CliUsageError } from "../command.ts";
import { parseExportArgs } from "./export.ts";

describe("parseExportArgs(args)", () => {
  it("defaults to the paper's 400 px tiles, no overlap, 10 % validation, seed 0, no weights, no zip", () => {
    expect(parseExportArgs(["--from", "a", "--out", "o"])).toEqual({
      from: ["a"],
      out: "o",
      tileSize: 400,
      overlap: 0,
      valFraction: 0.1,
      withWeights: false,
      seed: 0,
      zip: false,
    });
  });

  it("reads repeated --from and every option", () => {
    const args = ["--from", "a", "--from", "b", "--out", "o", "--tile", "256", "--overlap", "32"];
    const parsed = parseExportArgs([
      ...args,
      "--val-fraction",
      "0.25",
      "--weights",
      "--seed",
      "9",
      "--zip",
    ]);
    expect(parsed).toMatchObject({
      from: ["a", "b"],
      tileSize: 256,
      overlap: 32,
      valFraction: 0.25,
      withWeights: true,
      seed: 9,
      zip: true,
    });
  });

  it("throws CliUsageError naming the option for each bad value", () => {
    const cases: [string[], RegExp][] = [
      [["--out", "o"], /--from DIR is required/],
      [["--from", "a"], /--out is required/],
      [
        ["--from", "a", "--out", "o", "--tile", "8"],
        /--tile must be an integer in \[16, 8192\], got 8/,
      ],
      [
        ["--from", "a", "--out", "o", "--tile", "64", "--overlap", "64"],
        /--overlap must be an integer in \[0, 64\), got 64/,
      ],
      [
        ["--from", "a", "--out", "o", "--val-fraction", "1"],
        /--val-fraction must be a number in \[0, 1\), got 1/,
      ],
      [
        ["--from", "a", "--out", "o", "--seed", "1.5"],
        /--seed must be a non-negative integer, got 1.5/,
      ],
      [["--from", "a", "--out", "o", "--colour"], /Unknown option '--colour'/],
    ];
    for (const [args, message] of cases) {
      expect(() => parseExportArgs(args)).toThrow(CliUsageError);
      expect(() => parseExportArgs(args)).toThrow(message);
    }
  });
});
