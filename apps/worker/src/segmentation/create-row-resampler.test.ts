import { describe, expect, it } from "vitest";
import { createRowResampler, type PlaneRows } from "./create-row-resampler.ts";

/** Feeds `plane` in bands of `band` rows and reassembles the output. */
function resampleInBands(
  plane: Uint8Array,
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
  band: number,
): Uint8Array {
  const resampler = createRowResampler(srcWidth, srcHeight, dstWidth, dstHeight, 1);
  const out = new Uint8Array(dstWidth * dstHeight);
  let written = 0;
  for (let top = 0; top < srcHeight; top += band) {
    const count = Math.min(band, srcHeight - top);
    const rows: PlaneRows = {
      top,
      count,
      width: srcWidth,
      planes: [plane.subarray(top * srcWidth, (top + count) * srcWidth)],
    };
    const emitted = resampler.push(rows);
    if (emitted) {
      expect(emitted.top).toBe(written);
      out.set(emitted.planes[0] ?? new Uint8Array(), emitted.top * dstWidth);
      written += emitted.count;
    }
  }
  expect(written).toBe(dstHeight);
  return out;
}

describe("createRowResampler(srcW, srcH, dstW, dstH, planes)", () => {
  it("passes rows through unchanged when the sizes match", () => {
    const plane = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    expect(resampleInBands(plane, 3, 2, 3, 2, 1)).toEqual(plane);
  });

  it("upsamples 2× bilinearly with pixel-centre alignment and clamped edges", () => {
    // 1-D ramp 0, 100, 200: output centres map to -0.25, 0.25, 0.75, 1.25, 1.75, 2.25.
    const out = resampleInBands(Uint8Array.from([0, 100, 200]), 3, 1, 6, 1, 1);
    expect([...out]).toEqual([0, 25, 75, 125, 175, 200]);
  });

  it("averages when downsampling 2× (tent of radius 2)", () => {
    const out = resampleInBands(Uint8Array.from([0, 0, 200, 200]), 4, 1, 2, 1, 1);
    // Centre 0.5 with radius 2: weights 0.75, 0.75, 0.25 (and 0.25 clamped to index 0).
    expect([...out]).toEqual([25, 175]);
  });

  it("gives the same output whatever the band height the rows arrive in", () => {
    const plane = Uint8Array.from({ length: 37 * 23 }, (_, i) => (i * 7919) % 256);
    const oneBand = resampleInBands(plane, 37, 23, 74, 51, 23);
    expect(resampleInBands(plane, 37, 23, 74, 51, 1)).toEqual(oneBand);
    expect(resampleInBands(plane, 37, 23, 74, 51, 5)).toEqual(oneBand);
  });

  it("rejects rows out of order", () => {
    const resampler = createRowResampler(2, 4, 4, 8, 1);
    expect(() =>
      resampler.push({ top: 2, count: 1, width: 2, planes: [new Uint8Array(2)] }),
    ).toThrow(/expected top 0, got 2/);
  });
});
