import { describe, expect, it } from "vitest";
import { computeSurveyStatistics } from "./compute-survey-statistics.ts";
import { getContextBox } from "./get-context-box.ts";
import { placeSquareRois } from "./place-square-rois.ts";
import { assignPanelLetters, createMulberry32, orderItemsForRater } from "./seeded-random.ts";
import { getSurveyMaskKind } from "./survey-defaults.ts";

describe("createMulberry32", () => {
  it("gives the reference mulberry32 sequence for seed 1", () => {
    // Reference values of the original mulberry32 (Tommy Ettinger) for seed 1.
    const random = createMulberry32(1);
    expect(random()).toBeCloseTo(0.6270739405881613, 15);
    expect(random()).toBeCloseTo(0.002735721180215478, 15);
  });
});

describe("assignPanelLetters / orderItemsForRater", () => {
  it("is deterministic from the seed and a permutation", () => {
    expect(assignPanelLetters(42, "item-1", 3)).toEqual(assignPanelLetters(42, "item-1", 3));
    expect([...assignPanelLetters(42, "item-1", 3)].sort()).toEqual(["A", "B", "C"]);
    const items = Array.from({ length: 20 }, (_, i) => `i${i}`);
    const order = orderItemsForRater(7, "rater-a", items);
    expect(order).toEqual(orderItemsForRater(7, "rater-a", items));
    expect([...order].sort()).toEqual([...items].sort());
    expect(order).not.toEqual(orderItemsForRater(7, "rater-b", items));
  });

  it("puts each arm first about half of the time over many items", () => {
    let firstIsA = 0;
    for (let i = 0; i < 1000; i++) if (assignPanelLetters(3, `item-${i}`, 2)[0] === "A") firstIsA++;
    expect(firstIsA).toBeGreaterThan(430);
    expect(firstIsA).toBeLessThan(570);
  });
});

describe("placeSquareRois", () => {
  it("places non-overlapping squares fully inside an L-shaped region, deterministically", () => {
    const ring = [
      [0, 0],
      [1000, 0],
      [1000, 300],
      [300, 300],
      [300, 1000],
      [0, 1000],
      [0, 0],
    ];
    const squares = placeSquareRois([ring], 200, 4, 11);
    expect(squares).toEqual(placeSquareRois([ring], 200, 4, 11));
    expect(squares).toHaveLength(4);
    for (const s of squares) {
      const inTop = s.y >= 0 && s.y + 200 <= 300 && s.x >= 0 && s.x + 200 <= 1000;
      const inLeft = s.x >= 0 && s.x + 200 <= 300 && s.y >= 0 && s.y + 200 <= 1000;
      expect(inTop || inLeft).toBe(true);
    }
  });

  it("throws naming the shortfall when the squares cannot fit", () => {
    const ring = [
      [0, 0],
      [100, 0],
      [100, 100],
      [0, 100],
    ];
    expect(() => placeSquareRois([ring], 80, 2, 1)).toThrow(/only 1 of 2/);
  });
});

describe("computeSurveyStatistics", () => {
  it("pairs grades by ROI per rater and category and compares each arm with the first", () => {
    const grades = ["i1", "i2", "i3", "i4"].flatMap((itemId, k) => [
      { itemId, raterId: "r1", armId: "real", category: "Seg", grade: 1 + (k % 2) },
      { itemId, raterId: "r1", armId: "synth", category: "Seg", grade: 4 + (k % 2) },
      { itemId, raterId: "r2", armId: "real", category: "Seg", grade: 2 },
      { itemId, raterId: "r2", armId: "synth", category: "Seg", grade: 3 + (k % 3) },
    ]);
    const stats = computeSurveyStatistics({
      categories: ["Seg"],
      levels: 5,
      armIds: ["real", "synth"],
      raterIds: ["r1", "r2"],
      grades,
    });
    const r1 = stats.comparisons.find((c) => c.raterId === "r1");
    expect(r1?.tTest.meanDifference).toBe(3);
    expect(r1?.tTest.pValue).toBeNaN(); // every difference is exactly 3
    const r2 = stats.comparisons.find((c) => c.raterId === "r2");
    expect(r2?.tTest.n).toBe(4);
    expect(r2?.tTest.pValue).toBeLessThan(0.05);
    expect(
      stats.counts.find((c) => c.raterId === "r1" && c.armId === "synth")?.counts.counts,
    ).toEqual([0, 0, 0, 2, 2]);
    expect(stats.agreement[0]?.pairs[0]?.n).toBe(8);
    expect(Number.isFinite(stats.agreement[0]?.krippendorffAlpha)).toBe(true);
  });
});

describe("computeSurveyStatistics with three arms", () => {
  it("Holm-adjusts each category × rater's comparisons with the reference, and leaves two arms alone", () => {
    const grades = ["i1", "i2", "i3", "i4", "i5", "i6"].flatMap((itemId, k) => [
      { itemId, raterId: "r1", armId: "real", category: "Seg", grade: 2 + (k % 2) },
      { itemId, raterId: "r1", armId: "a", category: "Seg", grade: 4 + (k % 3 === 1 ? 1 : 0) },
      { itemId, raterId: "r1", armId: "b", category: "Seg", grade: 2 + (k % 3 === 0 ? 1 : 0) },
    ]);
    const input = { categories: ["Seg"], levels: 5, raterIds: ["r1"], grades };
    const three = computeSurveyStatistics({ ...input, armIds: ["real", "a", "b"] });
    expect(three.comparisons.map((c) => c.armId)).toEqual(["a", "b"]);
    const raw = three.comparisons.map((c) => c.wilcoxon.pValue);
    const sorted = [...raw].sort((x, y) => x - y);
    // Holm: the smaller p doubles, the larger keeps its value unless the running maximum is higher.
    const expected = raw.map((p) =>
      p === sorted[0] ? Math.min(1, 2 * p) : Math.max(p, Math.min(1, 2 * (sorted[0] as number))),
    );
    three.comparisons.forEach((c, k) => {
      expect(c.wilcoxonPHolm).toBeCloseTo(expected[k] as number, 12);
      expect(c.tTestPHolm).toBeGreaterThanOrEqual(c.tTest.pValue);
    });
    // A centred exact Wilcoxon statistic (p capped at 1) does not break the adjustment.
    const centred = computeSurveyStatistics({
      categories: ["Seg"],
      levels: 5,
      raterIds: ["r1"],
      armIds: ["real", "a"],
      grades: [
        ["i1", 1, 2],
        ["i2", 1, 3],
        ["i3", 4, 1],
      ].flatMap(([itemId, real, a]) => [
        {
          itemId: itemId as string,
          raterId: "r1",
          armId: "real",
          category: "Seg",
          grade: real as number,
        },
        {
          itemId: itemId as string,
          raterId: "r1",
          armId: "a",
          category: "Seg",
          grade: a as number,
        },
      ]),
    });
    expect(centred.comparisons[0]?.wilcoxonPHolm).toBe(1);
    const two = computeSurveyStatistics({ ...input, armIds: ["real", "b"] });
    expect(two.comparisons[0]?.wilcoxonPHolm).toBe(two.comparisons[0]?.wilcoxon.pValue);
  });
});

describe("getContextBox", () => {
  it("grows the ROI by a quarter of its larger edge and clips to the image", () => {
    expect(
      getContextBox({ x: 100, y: 100, width: 400, height: 200 }, { width: 2000, height: 2000 }),
    ).toEqual({
      x: 0,
      y: 0,
      width: 600,
      height: 400,
    });
    expect(
      getContextBox({ x: 10, y: 10, width: 40, height: 40 }, { width: 55, height: null }),
    ).toEqual({
      x: 0,
      y: 0,
      width: 55,
      height: 60,
    });
  });
});

describe("getSurveyMaskKind", () => {
  it("maps the paper's categories to their masks and anything else to Segmentation", () => {
    expect(getSurveyMaskKind("Segmentation")).toBe("segmentation");
    expect(getSurveyMaskKind("Shape Filter")).toBe("shapeFilter");
    expect(getSurveyMaskKind("Connective Tissue")).toBe("connective");
    expect(getSurveyMaskKind("Overall")).toBe("segmentation");
  });
});
