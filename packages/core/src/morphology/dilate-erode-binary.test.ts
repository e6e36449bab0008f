import { describe, expect, it } from "vitest";
import { dilateBinary } from "./dilate-binary.ts";
import { erodeBinary } from "./erode-binary.ts";

const count = (mask: Uint8Array) => mask.reduce((sum, value) => sum + value, 0);

function square(size: number, x0: number, y0: number, side: number): Uint8Array {
  const mask = new Uint8Array(size * size);
  for (let y = y0; y < y0 + side; y++) for (let x = x0; x < x0 + side; x++) mask[y * size + x] = 1;
  return mask;
}

describe("dilateBinary(mask, options)", () => {
  it("grows a single pixel into a 3×3 square, like one Fiji Dilate", () => {
    const out = dilateBinary(square(7, 3, 3, 1), { width: 7, height: 7 });
    expect(out).toEqual(square(7, 2, 2, 3));
  });

  it("repeats ten times into a 21×21 square (the paper's muscle-mask dilation)", () => {
    const out = dilateBinary(square(31, 15, 15, 1), { width: 31, height: 31, iterations: 10 });
    expect(out).toEqual(square(31, 5, 5, 21));
  });

  it("clips at the image border", () => {
    const out = dilateBinary(square(5, 0, 0, 1), { width: 5, height: 5, radius: 2 });
    expect(out).toEqual(square(5, 0, 0, 3));
  });

  it("grows a pixel into the 13-pixel digital disk of radius 2 (dx² + dy² ≤ 4)", () => {
    const out = dilateBinary(square(9, 4, 4, 1), { width: 9, height: 9, radius: 2, shape: "disk" });
    expect(count(out)).toBe(13);
    expect(out[4 * 9 + 2]).toBe(1);
    expect(out[3 * 9 + 3]).toBe(1);
    expect(out[2 * 9 + 3]).toBe(0);
  });

  it("rejects a negative radius and an unknown shape", () => {
    expect(() => dilateBinary(new Uint8Array(4), { width: 2, height: 2, radius: -1 })).toThrow(
      /radius must be a non-negative integer, got -1/,
    );
    expect(() =>
      dilateBinary(new Uint8Array(4), {
        width: 2,
        height: 2,
        shape: "hexagon" as unknown as "disk",
      }),
    ).toThrow(/shape must be "square" or "disk", got hexagon/);
  });
});

describe("erodeBinary(mask, options)", () => {
  it("shrinks a 5×5 square to 3×3, like one Fiji Erode", () => {
    const out = erodeBinary(square(9, 2, 2, 5), { width: 9, height: 9 });
    expect(out).toEqual(square(9, 3, 3, 3));
  });

  it("erodes from the image border unless isPaddingEdges is set (ImageJ 'Pad edges when eroding')", () => {
    const full = new Uint8Array(25).fill(1);
    expect(erodeBinary(full, { width: 5, height: 5 })).toEqual(square(5, 1, 1, 3));
    expect(erodeBinary(full, { width: 5, height: 5, isPaddingEdges: true })).toEqual(full);
    expect(erodeBinary(full, { width: 5, height: 5, shape: "disk" })).toEqual(square(5, 1, 1, 3));
    expect(erodeBinary(full, { width: 5, height: 5, shape: "disk", isPaddingEdges: true })).toEqual(
      full,
    );
  });

  it("with a disk of radius 2 keeps only pixels whose 13-pixel disk lies inside", () => {
    // 7×7 square: the disk of radius 2 fits around the 3×3 centre.
    const out = erodeBinary(square(11, 2, 2, 7), {
      width: 11,
      height: 11,
      radius: 2,
      shape: "disk",
    });
    expect(out).toEqual(square(11, 4, 4, 3));
  });

  it("after a dilation with padded edges, never removes an original pixel (a closing)", () => {
    // Two blobs 3 px apart touching the border: closing by 2 bridges them, keeps the border.
    const mask = new Uint8Array(12 * 6);
    for (let y = 0; y < 6; y++) for (let x = 0; x < 4; x++) mask[y * 12 + x] = 1;
    for (let y = 0; y < 6; y++) for (let x = 7; x < 12; x++) mask[y * 12 + x] = 1;
    const size = { width: 12, height: 6, iterations: 2 };
    const closed = erodeBinary(dilateBinary(mask, size), { ...size, isPaddingEdges: true });
    expect(closed.every((value, i) => value >= (mask[i] as number))).toBe(true);
    expect(count(closed)).toBe(72);
  });
});

describe("dilateBinary and erodeBinary with squares", () => {
  /** Brute force: the square window of radius r around each pixel, outside = `outside`. */
  function bruteSquare(
    mask: Uint8Array,
    width: number,
    height: number,
    r: number,
    isAll: boolean,
    outside: number,
  ) {
    const out = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let any = false;
        let all = true;
        for (let dy = -r; dy <= r; dy++) {
          for (let dx = -r; dx <= r; dx++) {
            const u = x + dx;
            const v = y + dy;
            const value =
              u < 0 || v < 0 || u >= width || v >= height
                ? outside
                : (mask[v * width + u] as number);
            any ||= value !== 0;
            all &&= value !== 0;
          }
        }
        out[y * width + x] = (isAll ? all : any) ? 1 : 0;
      }
    }
    return out;
  }

  it("match a brute-force window on random masks, for widths with and without 32-bit rows", () => {
    let state = 99;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (const [width, height] of [
      [24, 17],
      [23, 19],
      [9, 40],
    ] as const) {
      for (const density of [0.2, 0.85]) {
        const mask = Uint8Array.from({ length: width * height }, () =>
          random() < density ? 1 : 0,
        );
        for (const radius of [1, 2, 5, 12]) {
          const size = { width, height, radius };
          expect(dilateBinary(mask, size)).toEqual(
            bruteSquare(mask, width, height, radius, false, 0),
          );
          expect(erodeBinary(mask, size)).toEqual(
            bruteSquare(mask, width, height, radius, true, 0),
          );
          expect(erodeBinary(mask, { ...size, isPaddingEdges: true })).toEqual(
            bruteSquare(mask, width, height, radius, true, 1),
          );
        }
      }
    }
  });
});
