import { describe, expect, it } from "vitest";
import { computeLeaveOneSubjectOutAccuracy } from "./linear-separability.ts";

// Reference: an independent numpy 2.4.6 LDA (standardize on the training fold,
// pooled within-class scatter / n + 1e-6·I, log prior ratio), leave-one-subject-out,
// predicted [0,0,0,0,1,0,1,1,1,1,1,0] → accuracy 0.8333333333333334.
const ROWS: [string, number, number, number][] = [
  ["w1", 0, 42.0, 9.0],
  ["w1", 0, 40.5, 10.2],
  ["w2", 0, 38.0, 9.5],
  ["w2", 0, 44.1, 8.8],
  ["w3", 0, 36.0, 11.5],
  ["w3", 0, 41.0, 9.9],
  ["d1", 1, 35.0, 12.5],
  ["d1", 1, 33.2, 13.1],
  ["d2", 1, 39.0, 11.0],
  ["d2", 1, 37.5, 12.0],
  ["d3", 1, 30.1, 14.2],
  ["d3", 1, 42.0, 10.0],
];

describe("computeLeaveOneSubjectOutAccuracy", () => {
  it("holds out whole subjects and matches an independent numpy LDA", () => {
    const result = computeLeaveOneSubjectOutAccuracy(
      ROWS.map(([subjectId, label, mean, std]) => ({ subjectId, label, features: [mean, std] })),
    );
    expect(result.predictions).toEqual([0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0]);
    expect(result.accuracy).toBeCloseTo(0.8333333333333334, 14);
    expect(result.folds).toBe(6);
  });

  it("reaches accuracy 1 on linearly separable groups even with a constant feature", () => {
    const samples = Array.from({ length: 8 }, (_, i) => ({
      subjectId: `s${i >> 1}`,
      label: i < 4 ? 0 : 1,
      features: [i < 4 ? 40 + i : 30 + i, 5],
    }));
    expect(computeLeaveOneSubjectOutAccuracy(samples).accuracy).toBe(1);
  });

  it("rejects labels other than 0/1 and ragged features", () => {
    expect(() =>
      computeLeaveOneSubjectOutAccuracy([{ subjectId: "a", label: 2, features: [1] }]),
    ).toThrow(/label/);
    expect(() =>
      computeLeaveOneSubjectOutAccuracy([
        { subjectId: "a", label: 0, features: [1, 2] },
        { subjectId: "b", label: 1, features: [1] },
      ]),
    ).toThrow(/features/);
  });
});
