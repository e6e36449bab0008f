/**
 * @module patches/measure-feature-coverage
 * How much of one point set a second one covers, the k-NN manifold "recall"
 * of Kynkäänniemi et al., "Improved precision and recall metric for assessing
 * generative models" (NeurIPS 2019): the covering set's manifold is the union
 * of balls around each of its points, with radius the distance to its k-th
 * nearest neighbour in the same set; a query point is covered when it lies in
 * one of those balls. Used to say how much of the real data the synthetic data
 * covers, in feature space (not in the 2-D picture, which distorts distances).
 */

export interface MeasureFeatureCoverageOptions {
  /** Coordinates per point. */
  dimensions: number;
  /**
   * Neighbour rank that sets each ball's radius.
   * @default 3
   */
  k?: number;
}

function squaredDistance(points: Float64Array, d: number, a: number, b: number): number {
  let sum = 0;
  for (let c = 0; c < d; c++) {
    const diff = (points[a * d + c] as number) - (points[b * d + c] as number);
    sum += diff * diff;
  }
  return sum;
}

/**
 * Fraction of `query` rows that lie inside the k-NN manifold of the `covering`
 * rows. `points` is row-major, one point per row; `query` and `covering` are
 * row indices into it.
 * @throws RangeError for a bad dimension or k, an index out of range, or fewer than k+1 covering points.
 */
export function measureFeatureCoverage(
  points: Float64Array,
  covering: readonly number[],
  query: readonly number[],
  options: MeasureFeatureCoverageOptions,
): number {
  const d = options.dimensions;
  const k = options.k ?? 3;
  if (!Number.isInteger(d) || d < 1)
    throw new RangeError(`dimensions must be an integer >= 1, got ${d}`);
  if (points.length % d !== 0) {
    throw new RangeError(
      `points length must be a multiple of dimensions ${d}, got ${points.length}`,
    );
  }
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be an integer >= 1, got ${k}`);
  if (covering.length < k + 1) {
    throw new RangeError(
      `covering must have at least k + 1 = ${k + 1} points, got ${covering.length}`,
    );
  }
  const rows = points.length / d;
  for (const index of [...covering, ...query]) {
    if (!Number.isInteger(index) || index < 0 || index >= rows) {
      throw new RangeError(`point index must be in [0, ${rows}), got ${index}`);
    }
  }
  if (query.length === 0) return 0;

  const radii = new Float64Array(covering.length);
  const distances = new Float64Array(covering.length - 1);
  for (let i = 0; i < covering.length; i++) {
    let n = 0;
    for (let j = 0; j < covering.length; j++) {
      if (j !== i)
        distances[n++] = squaredDistance(points, d, covering[i] as number, covering[j] as number);
    }
    distances.sort();
    radii[i] = distances[k - 1] as number;
  }
  let covered = 0;
  for (const q of query) {
    for (let i = 0; i < covering.length; i++) {
      if (squaredDistance(points, d, q, covering[i] as number) <= (radii[i] as number)) {
        covered++;
        break;
      }
    }
  }
  return covered / query.length;
}
