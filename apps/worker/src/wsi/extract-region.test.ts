import { describe, expect, it } from "vitest";
import { chooseSourceLevel } from "./extract-region.ts";
import { summarizeVipsError } from "./run-vips.ts";

describe("chooseSourceLevel(levelDownsamples, maxDownsample)", () => {
  const NDPI = [1, 2, 4, 8, 16, 32, 64];

  it("reads the coarsest level still at least as fine as the target (0.228 → 0.66 µm/px)", () => {
    expect(chooseSourceLevel(NDPI, 0.66 / 0.2282)).toBe(1);
    expect(chooseSourceLevel(NDPI, 4)).toBe(2);
  });

  it("stays at level 0 when a level is a hair coarser than asked (Aperio's 2.0005)", () => {
    expect(chooseSourceLevel([1, 2.0005055500659967], 2)).toBe(0);
  });

  it("uses level 0 for plain images and for no downsampling", () => {
    expect(chooseSourceLevel([1], 3)).toBe(0);
    expect(chooseSourceLevel(NDPI, 1)).toBe(0);
  });
});

describe("summarizeVipsError(stderr)", () => {
  it("keeps the error and drops GLib warnings about unknown TIFF tags", () => {
    const stderr = [
      "(vips:11241): VIPS-WARNING **: 18:59:52.243: Unknown field with tag 65456 (0xffb0) encountered",
      'VipsForeignLoad: "fake.svs" is not a known file format',
    ].join("\n");
    expect(summarizeVipsError(stderr)).toBe(
      'VipsForeignLoad: "fake.svs" is not a known file format',
    );
  });
});
