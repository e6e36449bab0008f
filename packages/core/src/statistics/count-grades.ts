/**
 * @module statistics/count-grades
 * Grade counts per level for a diverging stacked bar chart (the paper's Fig. 5,
 * after Robbins & Heiberger 2011): levels below the middle go left of the zero
 * line, levels above it right, and an odd scale's middle level is split in half
 * across the line (`isMiddleSplit`) or, as in the paper, drawn to the right.
 */

export interface GradeCounts {
  /** counts[level − 1] = how many grades equal `level`. */
  counts: number[];
  /** counts[i] / total (0 when total is 0). */
  fractions: number[];
  total: number;
  /** Σ counts of levels drawn left of the zero line (the "bad" side). */
  negative: number;
  /** Σ counts drawn right of it. */
  positive: number;
}

export interface CountGradesOptions {
  /**
   * Where an odd scale's middle level goes: "positive" (paper: "intermediate"
   * right of zero), "negative" or "split" (half on each side).
   * @default "positive"
   */
  middle?: "positive" | "negative" | "split";
}

export function countGrades(
  grades: readonly number[],
  levels: number,
  options: CountGradesOptions = {},
): GradeCounts {
  if (!Number.isInteger(levels) || levels < 1) {
    throw new RangeError(`levels must be a positive integer, got ${levels}`);
  }
  const counts = new Array<number>(levels).fill(0);
  grades.forEach((grade, i) => {
    if (!Number.isInteger(grade) || grade < 1 || grade > levels) {
      throw new RangeError(`grades[${i}] must be an integer in 1..${levels}, got ${grade}`);
    }
    counts[grade - 1] = (counts[grade - 1] ?? 0) + 1;
  });
  const total = grades.length;
  const middle = options.middle ?? "positive";
  const hasMiddle = levels % 2 === 1;
  const half = Math.floor(levels / 2);
  let negative = 0;
  let positive = 0;
  counts.forEach((count, i) => {
    if (hasMiddle && i === half) {
      if (middle === "split") {
        negative += count / 2;
        positive += count / 2;
      } else if (middle === "negative") negative += count;
      else positive += count;
    } else if (i < half) negative += count;
    else positive += count;
  });
  return {
    counts,
    fractions: counts.map((c) => (total === 0 ? 0 : c / total)),
    total,
    negative,
    positive,
  };
}
