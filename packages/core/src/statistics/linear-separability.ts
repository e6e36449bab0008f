/**
 * @module statistics/linear-separability
 * Leave-one-subject-out (LOSO) accuracy of Fisher's linear discriminant on
 * per-section features: can a straight line (hyperplane) tell the groups
 * apart, judged only on subjects the classifier has not seen? Sections of one
 * animal are not independent, so a whole subject is held out at a time.
 *
 * The classifier is two-class LDA with a shared covariance (Fisher 1936; Hastie,
 * Tibshirani & Friedman, ESL 2nd ed. §4.3): features are standardized on the
 * training fold, Σ is the pooled within-class scatter divided by n (as
 * scikit-learn's `LinearDiscriminantAnalysis`), and the decision adds the log
 * ratio of the training class frequencies.
 */

export interface LabelledSample {
  /** Samples with the same subject are held out together. */
  subjectId: string;
  /** 0 or 1. */
  label: number;
  features: readonly number[];
}

export interface LinearSeparabilityOptions {
  /**
   * Ridge added to the diagonal of the standardized covariance so that a
   * constant or collinear feature does not make it singular.
   * @default 1e-6
   */
  ridge?: number;
}

export interface LinearSeparabilityResult {
  /** Correct predictions / sections; NaN when there is nothing to predict. */
  accuracy: number;
  correct: number;
  total: number;
  /** Number of held-out subjects (folds). */
  folds: number;
  /** Predicted label per input sample, in input order. */
  predictions: number[];
}

/** Solves A x = b for a small dense system by Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(a[r]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = r;
    }
    [a[col], a[pivot]] = [a[pivot] ?? [], a[col] ?? []];
    const p = a[col]?.[col] ?? 0;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = (a[r]?.[col] ?? 0) / p;
      for (let c = col; c <= n; c++) {
        const row = a[r];
        if (row) row[c] = (row[c] ?? 0) - factor * (a[col]?.[c] ?? 0);
      }
    }
  }
  return a.map((row, i) => (row[n] ?? 0) / (row[i] ?? 1));
}

/** Trains LDA on `train` and returns a predictor for feature vectors. */
export function trainLinearDiscriminant(
  train: readonly LabelledSample[],
  options: LinearSeparabilityOptions = {},
): (features: readonly number[]) => number {
  const ridge = options.ridge ?? 1e-6;
  const counts = [0, 1].map((c) => train.filter((s) => s.label === c).length);
  if ((counts[0] ?? 0) === 0 || (counts[1] ?? 0) === 0) {
    // One class only: the best a classifier can do is predict it.
    const only = (counts[1] ?? 0) > 0 ? 1 : 0;
    return () => only;
  }
  const dim = train[0]?.features.length ?? 0;
  const n = train.length;
  const center = Array.from(
    { length: dim },
    (_, k) => train.reduce((s, t) => s + (t.features[k] ?? 0), 0) / n,
  );
  const scale = center.map((c, k) => {
    const sd = Math.sqrt(train.reduce((s, t) => s + ((t.features[k] ?? 0) - c) ** 2, 0) / n);
    return sd > 0 ? sd : 1;
  });
  const standardize = (f: readonly number[]) =>
    f.map((v, k) => (v - (center[k] ?? 0)) / (scale[k] ?? 1));
  const z = train.map((t) => ({ label: t.label, f: standardize(t.features) }));
  const means = [0, 1].map((c) => {
    const members = z.filter((s) => s.label === c);
    return Array.from(
      { length: dim },
      (_, k) => members.reduce((s, m) => s + (m.f[k] ?? 0), 0) / members.length,
    );
  });
  const cov = Array.from({ length: dim }, (_, i) =>
    Array.from({ length: dim }, (_, j) => {
      let s = 0;
      for (const sample of z) {
        const mu = means[sample.label] ?? [];
        s += ((sample.f[i] ?? 0) - (mu[i] ?? 0)) * ((sample.f[j] ?? 0) - (mu[j] ?? 0));
      }
      return s / n + (i === j ? ridge : 0);
    }),
  );
  const m0 = means[0] ?? [];
  const m1 = means[1] ?? [];
  const w = solve(
    cov,
    m1.map((v, k) => v - (m0[k] ?? 0)),
  );
  const midpoint = w.reduce((s, wk, k) => s + (wk * ((m0[k] ?? 0) + (m1[k] ?? 0))) / 2, 0);
  const logPrior = Math.log((counts[1] ?? 1) / (counts[0] ?? 1));
  return (features) => {
    const f = standardize(features);
    const score = w.reduce((s, wk, k) => s + wk * (f[k] ?? 0), 0) - midpoint + logPrior;
    return score > 0 ? 1 : 0;
  };
}

/** LOSO accuracy of LDA over the samples (labels 0/1, equally long feature vectors). */
export function computeLeaveOneSubjectOutAccuracy(
  samples: readonly LabelledSample[],
  options: LinearSeparabilityOptions = {},
): LinearSeparabilityResult {
  const dim = samples[0]?.features.length ?? 0;
  samples.forEach((s, i) => {
    if (s.label !== 0 && s.label !== 1) {
      throw new RangeError(`samples[${i}].label must be 0 or 1, got ${s.label}`);
    }
    if (s.features.length !== dim || s.features.some((v) => !Number.isFinite(v))) {
      throw new RangeError(
        `samples[${i}].features must be ${dim} finite numbers, got [${s.features.join(", ")}]`,
      );
    }
  });
  if (options.ridge !== undefined && !(options.ridge >= 0)) {
    throw new RangeError(`ridge must be ≥ 0, got ${options.ridge}`);
  }
  const subjects = [...new Set(samples.map((s) => s.subjectId))];
  const predictions = new Array<number>(samples.length).fill(0);
  for (const subject of subjects) {
    const predict = trainLinearDiscriminant(
      samples.filter((s) => s.subjectId !== subject),
      options,
    );
    samples.forEach((s, i) => {
      if (s.subjectId === subject) predictions[i] = predict(s.features);
    });
  }
  const correct = samples.filter((s, i) => predictions[i] === s.label).length;
  return {
    accuracy: samples.length ? correct / samples.length : Number.NaN,
    correct,
    total: samples.length,
    folds: subjects.length,
    predictions,
  };
}
