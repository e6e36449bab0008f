import { describe, expect, it } from "vitest";
import { decodeContour, encodeContour, removeCollinearVertices } from "./encode-contour.ts";

describe("removeCollinearVertices(polygon)", () => {
  it("keeps only the corners of a square listed with edge midpoints and a repeated point", () => {
    const square = Int32Array.of(0, 0, 2, 0, 4, 0, 4, 0, 4, 4, 0, 4, 0, 2);
    expect(Array.from(removeCollinearVertices(square))).toEqual([0, 0, 4, 0, 4, 4, 0, 4]);
  });

  it("keeps the steps of a staircase and a spike that turns back", () => {
    const stairs = Int32Array.of(0, 0, 1, 0, 1, 1, 2, 1, 2, 2, 0, 2);
    expect(Array.from(removeCollinearVertices(stairs))).toEqual(Array.from(stairs));
    const spike = Int32Array.of(0, 0, 3, 0, 1, 0, 1, 1, 0, 1);
    expect(removeCollinearVertices(spike)).toHaveLength(10);
  });
});

describe("encodeContour(polygon) / decodeContour(bytes)", () => {
  it("writes the first vertex and then deltas as zigzag varints, and reads them back", () => {
    // (1, 2) → zigzag 2, 4; (+299, 0) → 598 = 0xd6 0x04, 0; (0, -6) → 0, 11.
    const bytes = encodeContour(Int32Array.of(1, 2, 300, 2, 300, -4));
    expect(Array.from(bytes)).toEqual([2, 4, 0xd6, 0x04, 0, 0, 11]);
    expect(Array.from(decodeContour(bytes))).toEqual([1, 2, 300, 2, 300, -4]);
  });

  it("round-trips coordinates at the ends of the int32 range", () => {
    const polygon = Int32Array.of(0, 0, 2_000_000_000, -5, -2_000_000_000, 7);
    expect(Array.from(decodeContour(encodeContour(polygon)))).toEqual(Array.from(polygon));
  });

  it("stores a traced fiber outline in about two bytes per corner", () => {
    const corners: number[] = [];
    for (let i = 0; i < 40; i++) {
      const angle = (2 * Math.PI * i) / 40;
      corners.push(
        Math.round(5000 + 30 * Math.cos(angle)),
        Math.round(7000 + 30 * Math.sin(angle)),
      );
    }
    const bytes = encodeContour(Int32Array.from(corners));
    expect(bytes.length).toBeLessThan(2.2 * 40 + 6);
  });

  it("refuses bytes that end inside a number or hold an odd count of numbers", () => {
    expect(() => decodeContour(Uint8Array.of(0x80))).toThrow(/end inside a number at byte 1/);
    expect(() => decodeContour(Uint8Array.of(2, 4, 6))).toThrow(/x, y pairs, got 3 numbers/);
  });
});
