import { describe, expect, it } from "vitest";
import { formatProgressBar } from "./format-progress-bar.ts";

describe("formatProgressBar(percent, options)", () => {
  it("fills cells in proportion to the percentage", () => {
    expect(formatProgressBar(50, { width: 10 })).toBe("[#####-----]  50%");
    expect(formatProgressBar(0, { width: 4 })).toBe("[----]   0%");
    expect(formatProgressBar(100, { width: 4 })).toBe("[####] 100%");
  });

  it("clamps values outside [0, 100]", () => {
    expect(formatProgressBar(140, { width: 2 })).toBe("[##] 100%");
    expect(formatProgressBar(-3, { width: 2 })).toBe("[--]   0%");
  });

  it("rejects a non-finite percentage and a bad width", () => {
    expect(() => formatProgressBar(Number.NaN)).toThrow(/percent must be finite, got NaN/);
    expect(() => formatProgressBar(5, { width: 0 })).toThrow(
      /width must be a positive integer, got 0/,
    );
  });
});
