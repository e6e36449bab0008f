/**
 * @module synthesis/derive-image-seed
 * Per-image seeds of a synthesis run. Each image's seed depends only on the run
 * seed and the image's index, never on which thread rendered it or in what
 * order, so a run is reproducible with any thread count.
 */

/** Murmur3's 32-bit finalizer: a bijection on uint32 with good avalanche. */
function mixUint32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The uint32 seed of image `index` of a run seeded with `runSeed`. Distinct
 * indices of one run always get distinct seeds: `index` is spread by an odd
 * multiplier (injective modulo 2^32) before a bijective mix.
 */
export function deriveImageSeed(runSeed: number, index: number): number {
  if (!Number.isInteger(runSeed) || runSeed < 0 || runSeed > 0xffffffff) {
    throw new RangeError(`runSeed must be an integer in [0, 4294967295], got ${runSeed}`);
  }
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) {
    throw new RangeError(`index must be an integer in [0, 4294967295], got ${index}`);
  }
  return mixUint32((mixUint32(runSeed) + Math.imul(index, 0x9e3779b9)) >>> 0);
}
