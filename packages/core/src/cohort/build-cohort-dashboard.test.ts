import { describe, expect, it } from "vitest";
import { buildCohortDashboard } from "./build-cohort-dashboard.ts";
import type { CohortSectionInput, CohortSummaryInput } from "./cohort-types.ts";

/** A summary row built from literal diameters, as refreshFiberSummaries would store it. */
function summarize(sectionId: string, region: string, d: number[]): CohortSummaryInput {
  const histogram = new Array<number>(240).fill(0);
  for (const v of d) {
    const bin = Math.min(239, Math.floor(v / 0.5));
    histogram[bin] = (histogram[bin] ?? 0) + 1;
  }
  const sum = d.reduce((s, v) => s + v, 0);
  const mean = sum / d.length;
  return {
    sectionId,
    runId: `run-${sectionId}`,
    region,
    fiberCount: d.length,
    sumMinFeretUm: sum,
    sumSqMinFeretUm: d.reduce((s, v) => s + v * v, 0),
    meanMinFeretUm: mean,
    stdMinFeretUm: Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / (d.length - 1)),
    histogram,
    muscleAreaUm2: null,
    connectiveFraction: null,
    connectiveThicknessMeanUm: null,
  };
}

const SECTIONS: CohortSectionInput[] = [
  {
    sectionId: "a",
    sectionName: "a",
    subjectId: "s1",
    subjectIdentifier: "S1",
    group: "WT",
    runId: "run-a",
  },
  {
    sectionId: "b",
    sectionName: "b",
    subjectId: "s2",
    subjectIdentifier: "S2",
    group: "WT",
    runId: "run-b",
  },
  {
    sectionId: "c",
    sectionName: "c",
    subjectId: "s3",
    subjectIdentifier: "S3",
    group: "DKO",
    runId: "run-c",
  },
];
const WT_A = [40, 42, 44, 46];
const WT_B = [38, 41, 45, 48, 50];
const DKO_C = [10, 30, 35, 60, 80];

describe("buildCohortDashboard", () => {
  it("pools the reference group's fibers for µ and σ and defaults the reference to WT", () => {
    const dashboard = buildCohortDashboard(SECTIONS, [
      summarize("a", "", WT_A),
      summarize("b", "", WT_B),
      summarize("c", "", DKO_C),
    ]);
    expect(dashboard.referenceGroup).toBe("WT");
    const pooled = [...WT_A, ...WT_B];
    const mean = pooled.reduce((s, v) => s + v, 0) / pooled.length;
    const std = Math.sqrt(pooled.reduce((s, v) => s + (v - mean) ** 2, 0) / (pooled.length - 1));
    expect(dashboard.reference[0]?.meanUm).toBeCloseTo(mean, 12);
    expect(dashboard.reference[0]?.stdUm).toBeCloseTo(std, 12);
    expect(dashboard.reference[0]?.lo).toBeCloseTo(mean - 2 * std, 12);
  });

  it("counts abnormal fibers per section against the reference thresholds", () => {
    const dashboard = buildCohortDashboard(
      SECTIONS,
      [summarize("a", "", WT_A), summarize("b", "", WT_B), summarize("c", "", DKO_C)],
      { referenceGroup: "WT", k: 2 },
    );
    const c = dashboard.sections.find((r) => r.sectionId === "c");
    // lo ≈ 35.6 and hi ≈ 52.2 µm: 10, 30, 35 are small, 60, 80 large; none in a straddled bin.
    expect(c?.smallFraction).toBeCloseTo(3 / 5, 12);
    expect(c?.largeFraction).toBeCloseTo(2 / 5, 12);
    expect(dashboard.sections.find((r) => r.sectionId === "a")?.abnormalFraction).toBe(0);
  });

  it("pools a subject's sections and compares groups on per-section values", () => {
    const dashboard = buildCohortDashboard(SECTIONS, [
      summarize("a", "", WT_A),
      summarize("b", "", WT_B),
      summarize("c", "", DKO_C),
    ]);
    expect(dashboard.subjects).toHaveLength(3);
    const mean = dashboard.comparisons.find((c) => c.feature === "meanUm");
    expect(mean?.nA).toBe(2);
    expect(mean?.nB).toBe(1);
    expect(mean?.groupB).toBe("DKO");
  });
});
