/**
 * @module viewer/lru-cache
 * A small least-recently-used map for per-run viewer data (open raster files,
 * feature lookups, palettes): bounded by entry count, with an eviction hook so
 * file handles get closed.
 */

export interface LruCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  /** The cached value, or the one `load` resolves to; concurrent callers share one load. */
  getOrLoad(key: string, load: () => Promise<V>): Promise<V>;
  /** Drops `key` (only if it still maps to `expected`, when given) without calling onEvict. */
  delete(key: string, expected?: V): void;
  clear(): void;
  readonly size: number;
}

export function createLruCache<V>(options: {
  maxEntries: number;
  onEvict?: (value: V) => void;
}): LruCache<V> {
  if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
    throw new RangeError(`maxEntries must be a positive integer, got ${options.maxEntries}`);
  }
  const entries = new Map<string, V>();
  const loading = new Map<string, Promise<V>>();

  const cache: LruCache<V> = {
    get(key) {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      // Re-insert to mark as most recently used (Map keeps insertion order).
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    set(key, value) {
      const previous = entries.get(key);
      entries.delete(key);
      if (previous !== undefined && previous !== value) options.onEvict?.(previous);
      entries.set(key, value);
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value as string;
        const evicted = entries.get(oldest) as V;
        entries.delete(oldest);
        options.onEvict?.(evicted);
      }
    },
    getOrLoad(key, load) {
      const hit = cache.get(key);
      if (hit !== undefined) return Promise.resolve(hit);
      const pending = loading.get(key);
      if (pending) return pending;
      const promise = load().then(
        (value) => {
          loading.delete(key);
          cache.set(key, value);
          return value;
        },
        (error: unknown) => {
          loading.delete(key);
          throw error;
        },
      );
      loading.set(key, promise);
      return promise;
    },
    delete(key, expected) {
      if (expected === undefined || entries.get(key) === expected) entries.delete(key);
    },
    clear() {
      for (const value of entries.values()) options.onEvict?.(value);
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
  return cache;
}
