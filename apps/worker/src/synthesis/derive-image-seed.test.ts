import { describe, expect, it } from "vitest";
import { deriveImageSeed } from "./derive-image-seed.ts";

describe("deriveImageSeed(runSeed, index)", () => {
  it("is a pure function of (runSeed, index)", () => {
    expect(deriveImageSeed(42, 7)).toBe(deriveImageSeed(42, 7));
  });

  it("gives every image of a run its own uint32 seed", () => {
    const seeds = Array.from({ length: 10_000 }, (_, index) => deriveImageSeed(42, index));
    expect(new Set(seeds).size).toBe(seeds.length);
    expect(seeds.every((seed) => Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)).toBe(
      true,
    );
  });

  it("gives different runs different seeds for the same index", () => {
    expect(deriveImageSeed(1, 0)).not.toBe(deriveImageSeed(2, 0));
    expect(deriveImageSeed(0, 0)).not.toBe(deriveImageSeed(0, 1));
  });

  it("rejects seeds and indices outside uint32", () => {
    expect(() => deriveImageSeed(-1, 0)).toThrow(/runSeed must be an integer .* got -1/);
    expect(() => deriveImageSeed(1.5, 0)).toThrow(/runSeed .* got 1.5/);
    expect(() => deriveImageSeed(2 ** 32, 0)).toThrow(/runSeed .* got 4294967296/);
    expect(() => deriveImageSeed(0, -3)).toThrow(/index must be an integer .* got -3/);
  });
});
