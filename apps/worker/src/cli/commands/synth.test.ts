import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CliUsageError } from "../command.ts";
import { formatSynthProgress, parseSynthArgs } from "./synth.ts";

const base = ["--preset", "he-cryo", "--count", "3", "--size", "512", "--seed", "77"];

describe("parseSynthArgs(args)", () => {
  it("reads every option and defaults --threads to the available parallelism", () => {
    expect(parseSynthArgs([...base, "--out", "tmp/x"])).toEqual({
      preset: "he-cryo",
      count: 3,
      size: 512,
      seed: 77,
      out: resolve("tmp/x"),
      threads: availableParallelism(),
    });
    expect(parseSynthArgs([...base, "--out", "o", "--threads", "5"]).threads).toBe(5);
  });

  it("accepts the whole uint32 seed range", () => {
    const seed = (text: string) => parseSynthArgs([...base, "--seed", text, "--out", "o"]).seed;
    expect(seed("0")).toBe(0);
    expect(seed("4294967295")).toBe(4294967295);
  });

  it("throws CliUsageError naming the parameter for each bad value", () => {
    const cases: [string[], RegExp][] = [
      [["--preset", "he"], /--preset must be one of he-ffpe, he-cryo, myopathic, got he$/],
      [["--count", "-1"], /--count must be an integer in \[1, 100000\], got -1/],
      [["--count", "1e3"], /--count .* got 1e3/],
      [["--size", "0"], /--size .* got 0/],
      [["--size", "100000"], /--size .* got 100000/],
      [["--seed", "4294967296"], /--seed .* got 4294967296/],
      [["--seed", "0x10"], /--seed .* got 0x10/],
      [["--threads", "1.5"], /--threads .* got 1.5/],
    ];
    for (const [override, message] of cases) {
      const args = [...base, "--out", "o", ...override];
      expect(() => parseSynthArgs(args)).toThrow(CliUsageError);
      expect(() => parseSynthArgs(args)).toThrow(message);
    }
    expect(() => parseSynthArgs(base)).toThrow(/--out is required/);
    expect(() => parseSynthArgs(["--count", "1"])).toThrow(/--preset is required/);
    expect(() => parseSynthArgs([...base, "--out", "o", "--colour", "red"])).toThrow(/--colour/);
  });
});

describe("formatSynthProgress(done, total, elapsedSeconds)", () => {
  it("shows images done, the time per image and the remaining time", () => {
    expect(formatSynthProgress(0, 8, 0)).toBe("[------------------------]   0%  0/8 images");
    expect(formatSynthProgress(2, 8, 3)).toBe(
      "[######------------------]  25%  2/8 images  1.50 s/image  ETA 9s",
    );
    expect(formatSynthProgress(30, 120, 60)).toContain("ETA 3m00s");
    expect(formatSynthProgress(8, 8, 12)).toBe(
      "[########################] 100%  8/8 images  1.50 s/image",
    );
  });
});
