/**
 * @module surveys/seeded-random
 * Deterministic randomness for survey blinding: the same seed always gives the
 * same letter assignment and rater orders, so a study can be reproduced from
 * its recorded seed. mulberry32 (Tommy Ettinger, public domain) is a 32-bit
 * generator that is plenty for shuffling; it is not cryptographic, and need not
 * be: raters never see the seed.
 */

/** A generator of floats in [0, 1) from a 32-bit integer seed. */
export function createMulberry32(seed: number): () => number {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed with a string (FNV-1a), so each item or rater gets its own stream. */
export function deriveSeed(seed: number, key: string): number {
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash | 0;
}

/** A Fisher–Yates shuffle of a copy of `values` driven by `random`. */
export function shuffleWith<T>(values: readonly T[], random: () => number): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/** Letters shown to raters: "A", "B", …, "Z". */
export function getPanelLetters(count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > 26) {
    throw new RangeError(`count must be an integer in 1..26, got ${count}`);
  }
  return Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i));
}

/**
 * For one item: which arm (by index) is shown as which letter. Returns
 * `letters[armIndex]`, a random permutation of A.. drawn from (seed, itemKey).
 */
export function assignPanelLetters(seed: number, itemKey: string, armCount: number): string[] {
  const letters = getPanelLetters(armCount);
  return shuffleWith(letters, createMulberry32(deriveSeed(seed, `letters:${itemKey}`)));
}

/** One rater's item order, a permutation drawn from (seed, raterKey). */
export function orderItemsForRater<T>(seed: number, raterKey: string, items: readonly T[]): T[] {
  return shuffleWith(items, createMulberry32(deriveSeed(seed, `order:${raterKey}`)));
}
