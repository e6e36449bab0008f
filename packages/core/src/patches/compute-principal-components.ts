/**
 * @module patches/compute-principal-components
 * Principal component analysis of a small feature table (hundreds of rows,
 * tens of columns): columns are standardised (z-scores, so features on
 * different scales weigh alike), the covariance matrix is diagonalised with
 * the cyclic Jacobi eigenvalue method, and rows are projected onto the
 * leading components. Jacobi is exact to machine precision for symmetric
 * matrices and needs no library at this size.
 */

export interface ComputePrincipalComponentsOptions {
  /** Number of rows (samples). */
  rows: number;
  /** Number of columns (features). */
  columns: number;
  /**
   * Components to keep.
   * @default Math.min(columns, 10)
   */
  components?: number;
}

export interface PrincipalComponents {
  /** Row-major `rows × components` projections. */
  scores: Float64Array;
  components: number;
  /** Share of the total (standardised) variance each kept component explains. */
  explainedVarianceRatio: number[];
  /** Row-major `components × columns` unit eigenvectors. */
  loadings: Float64Array;
}

const JACOBI_SWEEPS = 100;

/** Eigen-decomposition of a symmetric `n × n` matrix in place; returns eigenvalues and column eigenvectors. */
function diagonalizeSymmetric(
  a: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < JACOBI_SWEEPS; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) offDiagonal += (a[p * n + q] as number) ** 2;
    if (offDiagonal < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * n + p] as number;
        const aqq = a[q * n + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] as number;
          const akq = a[k * n + q] as number;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] as number;
          const aqk = a[q * n + k] as number;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] as number;
          const vkq = v[k * n + q] as number;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i] as number;
  return { values, vectors: v };
}

/**
 * PCA of `data`, a row-major `rows × columns` table. Constant columns carry no
 * information and are left out of the standardisation (their z-score is 0).
 * Each component's sign is fixed so that its largest loading is positive,
 * which makes the result deterministic.
 * @throws RangeError for fewer than 2 rows, no columns, a size mismatch or non-finite values.
 */
export function computePrincipalComponents(
  data: Float64Array,
  options: ComputePrincipalComponentsOptions,
): PrincipalComponents {
  const { rows, columns } = options;
  if (!Number.isInteger(rows) || rows < 2)
    throw new RangeError(`rows must be an integer >= 2, got ${rows}`);
  if (!Number.isInteger(columns) || columns < 1) {
    throw new RangeError(`columns must be an integer >= 1, got ${columns}`);
  }
  if (data.length !== rows * columns) {
    throw new RangeError(
      `data must hold rows·columns = ${rows * columns} values, got ${data.length}`,
    );
  }
  const components = options.components ?? Math.min(columns, 10);
  if (!Number.isInteger(components) || components < 1 || components > columns) {
    throw new RangeError(`components must be an integer in [1, ${columns}], got ${components}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]))
      throw new RangeError(`data[${i}] must be finite, got ${data[i]}`);
  }

  const mean = new Float64Array(columns);
  const scale = new Float64Array(columns);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++)
      mean[c] = (mean[c] as number) + (data[r * columns + c] as number) / rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++)
      scale[c] =
        (scale[c] as number) + ((data[r * columns + c] as number) - (mean[c] as number)) ** 2;
  }
  for (let c = 0; c < columns; c++) {
    const std = Math.sqrt((scale[c] as number) / (rows - 1));
    scale[c] = std > 1e-12 ? 1 / std : 0;
  }
  const z = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const i = r * columns + c;
      z[i] = ((data[i] as number) - (mean[c] as number)) * (scale[c] as number);
    }
  }
  const covariance = new Float64Array(columns * columns);
  for (let r = 0; r < rows; r++) {
    const row = r * columns;
    for (let p = 0; p < columns; p++) {
      const zp = z[row + p] as number;
      if (zp === 0) continue;
      for (let q = p; q < columns; q++)
        covariance[p * columns + q] =
          (covariance[p * columns + q] as number) + zp * (z[row + q] as number);
    }
  }
  for (let p = 0; p < columns; p++) {
    for (let q = p; q < columns; q++) {
      const value = (covariance[p * columns + q] as number) / (rows - 1);
      covariance[p * columns + q] = value;
      covariance[q * columns + p] = value;
    }
  }

  const { values, vectors } = diagonalizeSymmetric(covariance, columns);
  const order = Array.from({ length: columns }, (_, i) => i).sort(
    (a, b) => (values[b] as number) - (values[a] as number) || a - b,
  );
  let total = 0;
  for (let i = 0; i < columns; i++) total += Math.max(0, values[i] as number);

  const loadings = new Float64Array(components * columns);
  const explainedVarianceRatio: number[] = [];
  for (let k = 0; k < components; k++) {
    const e = order[k] as number;
    let largest = 0;
    for (let c = 0; c < columns; c++) {
      const value = vectors[c * columns + e] as number;
      if (Math.abs(value) > Math.abs(largest)) largest = value;
    }
    const sign = largest < 0 ? -1 : 1;
    for (let c = 0; c < columns; c++)
      loadings[k * columns + c] = sign * (vectors[c * columns + e] as number);
    explainedVarianceRatio.push(total > 0 ? Math.max(0, values[e] as number) / total : 0);
  }

  const scores = new Float64Array(rows * components);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < components; k++) {
      let dot = 0;
      for (let c = 0; c < columns; c++)
        dot += (z[r * columns + c] as number) * (loadings[k * columns + c] as number);
      scores[r * components + k] = dot;
    }
  }
  return { scores, components, explainedVarianceRatio, loadings };
}
