import { describe, expect, it } from "vitest";
import { decodeImageJRoi } from "./decode-imagej-roi.ts";

/** A .roi file as ImageJ's RoiEncoder writes it: 64-byte header, then the vertices. */
function encodeRoi(input: {
  type: number;
  bounds: [top: number, left: number, bottom: number, right: number];
  xs?: number[];
  ys?: number[];
  floats?: { xs: number[]; ys: number[] };
  version?: number;
}): Uint8Array {
  const xs = input.xs ?? [];
  const ys = input.ys ?? [];
  const count = xs.length;
  const bytes = new Uint8Array(64 + 4 * count + (input.floats ? 8 * count : 0));
  const view = new DataView(bytes.buffer);
  bytes.set([73, 111, 117, 116]);
  view.setInt16(4, input.version ?? 228);
  view.setUint8(6, input.type);
  for (const [k, value] of input.bounds.entries()) view.setInt16(8 + 2 * k, value);
  view.setUint16(16, count);
  if (input.floats) view.setInt16(50, 128);
  const [top, left] = input.bounds;
  for (let i = 0; i < count; i++) {
    view.setInt16(64 + 2 * i, (xs[i] as number) - left);
    view.setInt16(64 + 2 * count + 2 * i, (ys[i] as number) - top);
    if (input.floats) {
      view.setFloat32(64 + 4 * count + 4 * i, input.floats.xs[i] as number);
      view.setFloat32(64 + 8 * count + 4 * i, input.floats.ys[i] as number);
    }
  }
  return bytes;
}

describe("decodeImageJRoi(bytes)", () => {
  it("reads a traced outline's vertices relative to its bounds", () => {
    const roi = encodeRoi({
      type: 8,
      bounds: [20, 10, 30, 18],
      xs: [10, 18, 18, 10],
      ys: [20, 20, 30, 30],
    });
    expect(decodeImageJRoi(roi)).toEqual({
      type: "traced",
      points: [
        [10, 20],
        [18, 20],
        [18, 30],
        [10, 30],
      ],
    });
  });

  it("prefers the sub-pixel float vertices when the option is set", () => {
    const roi = encodeRoi({
      type: 0,
      bounds: [0, 0, 4, 4],
      xs: [0, 3, 1],
      ys: [0, 1, 3],
      floats: { xs: [0.5, 3.25, 1], ys: [0, 1.5, 3.75] },
    });
    expect(decodeImageJRoi(roi).points).toEqual([
      [0.5, 0],
      [3.25, 1.5],
      [1, 3.75],
    ]);
  });

  it("turns a rectangle into its corners and an oval into 72 points on the inscribed ellipse", () => {
    expect(decodeImageJRoi(encodeRoi({ type: 1, bounds: [5, 2, 9, 12] })).points).toEqual([
      [2, 5],
      [12, 5],
      [12, 9],
      [2, 9],
    ]);
    const oval = decodeImageJRoi(encodeRoi({ type: 2, bounds: [0, 0, 20, 40] }));
    expect(oval.points).toHaveLength(72);
    for (const [x, y] of oval.points) {
      expect(((x - 20) / 20) ** 2 + ((y - 10) / 10) ** 2).toBeCloseTo(1, 9);
    }
  });

  it("refuses other files, lines and points, and truncated vertex lists", () => {
    expect(() => decodeImageJRoi(new Uint8Array(10))).toThrow(
      /bytes must be an ImageJ ROI \(starting with "Iout", at least 64 bytes\), got 10 bytes/,
    );
    expect(() => decodeImageJRoi(encodeRoi({ type: 3, bounds: [0, 0, 5, 5] }))).toThrow(
      /the ROI must enclose an area .*, got line/,
    );
    expect(() =>
      decodeImageJRoi(encodeRoi({ type: 10, bounds: [0, 0, 5, 5], xs: [1], ys: [1] })),
    ).toThrow(/got point/);
    const cut = encodeRoi({ type: 0, bounds: [0, 0, 4, 4], xs: [0, 3, 1], ys: [0, 1, 3] });
    expect(() => decodeImageJRoi(cut.subarray(0, 70))).toThrow(
      /at least 3 vertices in 76 bytes, got 3 vertices in 70 bytes/,
    );
  });
});
