import { describe, expect, it } from "vitest";
import { validatePixelSize } from "./validate-pixel-size.ts";

describe("validatePixelSize(pixelSizeUm, options)", () => {
  it("returns the paper's 0.79 µm/px unchanged", () => {
    expect(validatePixelSize(0.79)).toBe(0.79);
  });

  it("rejects zero and negative sizes with a RangeError naming the parameter and value", () => {
    expect(() => validatePixelSize(0)).toThrow(/pixelSizeUm must be greater than 0 µm\/px, got 0/);
    expect(() => validatePixelSize(-0.5)).toThrow(RangeError);
    expect(() => validatePixelSize(-0.5)).toThrow(/got -0.5/);
  });

  it("rejects NaN and Infinity", () => {
    expect(() => validatePixelSize(Number.NaN)).toThrow(/finite number, got NaN/);
    expect(() => validatePixelSize(Number.POSITIVE_INFINITY)).toThrow(/got Infinity/);
  });

  it("honours custom bounds", () => {
    expect(() => validatePixelSize(0.2, { minUm: 0.25 })).toThrow(/\[0.25, 100\]/);
    expect(validatePixelSize(150, { maxUm: 200 })).toBe(150);
  });
});
