import { describe, expect, it } from "vitest";
import { type ByteSource, findTiffTruncation, isTiffSignature } from "./find-tiff-truncation.ts";
import { validateSlideDimensions } from "./validate-slide-dimensions.ts";

/** A little-endian classic TIFF: header, one IFD (width, height, one strip), then the strip. */
function buildTiff(options: { width: number; height: number; stripBytes: number }): Uint8Array {
  const entries: Array<[tag: number, type: number, value: number]> = [
    [256, 4, options.width],
    [257, 4, options.height],
    [273, 4, 0], // strip offset, patched below
    [279, 4, options.stripBytes],
  ];
  const ifdOffset = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  const stripOffset = ifdOffset + ifdSize;
  const bytes = new Uint8Array(stripOffset + options.stripBytes);
  const view = new DataView(bytes.buffer);
  bytes.set([0x49, 0x49], 0);
  view.setUint16(2, 42, true);
  view.setUint32(4, ifdOffset, true);
  view.setUint16(ifdOffset, entries.length, true);
  entries.forEach(([tag, type, value], i) => {
    const at = ifdOffset + 2 + i * 12;
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, type, true);
    view.setUint32(at + 4, 1, true);
    view.setUint32(at + 8, tag === 273 ? stripOffset : value, true);
  });
  return bytes;
}

function sourceOf(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

describe("findTiffTruncation(source)", () => {
  it("accepts a complete TIFF", () => {
    expect(
      findTiffTruncation(sourceOf(buildTiff({ width: 4, height: 4, stripBytes: 48 }))),
    ).toBeNull();
  });

  it("reports strip data that ends past the end of the file", () => {
    const whole = buildTiff({ width: 4, height: 4, stripBytes: 48 });
    const cut = whole.subarray(0, whole.length - 10);
    expect(findTiffTruncation(sourceOf(cut))).toBe(
      `the file is truncated: the image data of directory 0 ends at byte ${whole.length}, but the file has only ${cut.length} bytes`,
    );
  });

  it("reports a directory that lies past the end of the file", () => {
    const whole = buildTiff({ width: 4, height: 4, stripBytes: 48 });
    expect(findTiffTruncation(sourceOf(whole.subarray(0, 20)))).toMatch(
      /^the file is truncated: image directory 0 ends at byte 62/,
    );
  });

  it("ignores files that are not TIFFs", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(isTiffSignature(png)).toBe(false);
    expect(findTiffTruncation(sourceOf(png))).toBeNull();
  });
});

describe("validateSlideDimensions(size, options)", () => {
  it("accepts a 100k × 80k whole-slide scan", () => {
    expect(validateSlideDimensions({ width: 100_000, height: 80_000 })).toEqual({
      width: 100_000,
      height: 80_000,
    });
  });

  it("refuses a header claiming 200k × 200k", () => {
    expect(() => validateSlideDimensions({ width: 200_000, height: 200_000 })).toThrow(
      "width × height must be at most 12.0 gigapixels, got 200000 × 200000 (40.0 gigapixels)",
    );
  });

  it("refuses a side over the limit and non-integers, naming the dimension", () => {
    expect(() => validateSlideDimensions({ width: 10, height: 300_000 })).toThrow(
      /height must be at most 200000 px, got 300000/,
    );
    expect(() => validateSlideDimensions({ width: 0, height: 5 })).toThrow(
      /width must be a positive integer/,
    );
  });
});
