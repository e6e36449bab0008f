/**
 * @module training-export/split-sources
 * Train/validation split by source image. Tiles of one source image are highly
 * correlated, so a split by tile would leak the validation set into training;
 * every source image goes wholly to one side.
 *
 * Each source gets a stable key, a hash of (seed, id), and the sources with the
 * smallest keys form the validation set. A source's key does not depend on the
 * other sources, so adding images to a dataset moves few existing ones.
 */

export interface SplitSourcesOptions {
  /**
   * Fraction of the source images that go to validation, in [0, 1).
   * Rounded to whole images; at least one when the fraction is > 0 and there are
   * two or more sources, and never all of them.
   * @default 0.1
   */
  valFraction?: number;
  /**
   * Seed of the split.
   * @default 0
   */
  seed?: number;
}

export interface SourceSplit {
  train: string[];
  val: string[];
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32) so that ids differing in the last character spread out.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Splits source ids (unique) into train and validation; each list keeps the input order. */
export function splitSources(
  ids: readonly string[],
  options: SplitSourcesOptions = {},
): SourceSplit {
  const { valFraction = 0.1, seed = 0 } = options;
  if (!Number.isFinite(valFraction) || valFraction < 0 || valFraction >= 1) {
    throw new RangeError(`valFraction must be a number in [0, 1), got ${valFraction}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (new Set(ids).size !== ids.length) throw new RangeError("ids must be unique");
  let valCount = Math.round(ids.length * valFraction);
  if (valFraction > 0 && ids.length >= 2) valCount = Math.max(1, valCount);
  valCount = Math.min(valCount, Math.max(0, ids.length - 1));
  const ranked = ids
    .map((id) => ({ id, key: hashString(`${seed}\u0000${id}`) }))
    .sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : 1));
  const val = new Set(ranked.slice(0, valCount).map((entry) => entry.id));
  return { train: ids.filter((id) => !val.has(id)), val: ids.filter((id) => val.has(id)) };
}
