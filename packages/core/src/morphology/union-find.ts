/**
 * @module morphology/union-find
 * The small pieces the run-based labellers share: a union-find root lookup
 * with path compression on a flat parent array, and doubling of the growable
 * Int32 arrays they collect runs in.
 */

/** Root of `node` in the forest `parent` (a root is its own parent), compressing the path. */
export function findRoot(parent: Int32Array, node: number): number {
  let root = node;
  while (parent[root] !== root) root = parent[root] as number;
  while (parent[node] !== root) {
    const next = parent[node] as number;
    parent[node] = root;
    node = next;
  }
  return root;
}

/** A copy of `array` with twice the length (the rest zero). */
export function doubleInt32Array(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
