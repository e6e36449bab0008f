import { decode } from "fast-png";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { encodeGrayPng } from "./encode-gray-png.ts";

describe("encodeGrayPng(data, width, height)", () => {
  const width = 5;
  const height = 3;
  const labels = Uint16Array.from([
    0, 1, 1, 300, 300, 0, 1, 256, 300, 65535, 2, 2, 256, 255, 65535,
  ]);
  const classes = Uint8Array.from([0, 1, 1, 2, 2, 0, 1, 2, 2, 1, 0, 0, 1, 2, 1]);

  it("writes a Uint16Array as 16-bit grayscale, values above 255 included", () => {
    const png = decode(encodeGrayPng(labels, width, height));
    expect({
      width: png.width,
      height: png.height,
      depth: png.depth,
      channels: png.channels,
    }).toEqual({ width, height, depth: 16, channels: 1 });
    expect(Array.from(png.data)).toEqual(Array.from(labels));
  });

  it("writes a Uint8Array as 8-bit grayscale", () => {
    const png = decode(encodeGrayPng(classes, width, height));
    expect({ depth: png.depth, channels: png.channels }).toEqual({ depth: 8, channels: 1 });
    expect(Array.from(png.data)).toEqual(Array.from(classes));
  });

  it("writes PNGs that libvips reads with the same depth", async () => {
    const sixteen = await sharp(encodeGrayPng(labels, width, height)).metadata();
    expect(sixteen).toMatchObject({ format: "png", width, height, channels: 1, depth: "ushort" });
    const eight = await sharp(encodeGrayPng(classes, width, height)).metadata();
    expect(eight).toMatchObject({ format: "png", channels: 1, depth: "uchar" });
  });

  it("rejects data whose length does not match the size", () => {
    expect(() => encodeGrayPng(labels, 4, 3)).toThrow(
      /data must hold width\*height = 12 values, got 15/,
    );
    expect(() => encodeGrayPng(labels, 0, 3)).toThrow(/width must be a positive integer, got 0/);
  });
});
