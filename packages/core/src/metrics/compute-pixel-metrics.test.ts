import { describe, expect, it } from "vitest";
import { computePixelMetrics } from "./compute-pixel-metrics.ts";
import { twoSquaresThreePredictions } from "./fixtures.test-helpers.ts";

describe("computePixelMetrics(pred, gt, options)", () => {
  it("counts foreground agreement on two squares and three predictions", () => {
    const { pred, gt, width, height } = twoSquaresThreePredictions();
    // Pred foreground 12 + 20 + 4 = 36 px, GT 16 + 16 = 32 px, shared 12 + 16 = 28.
    // TP 28, FP 36 − 28 = 8, FN 32 − 28 = 4, TN 100 − 28 − 8 − 4 = 60.
    const metrics = computePixelMetrics(pred, gt, { width, height });
    expect(metrics).toMatchObject({
      truePositives: 28,
      falsePositives: 8,
      falseNegatives: 4,
      trueNegatives: 60,
    });
    expect(metrics.accuracy).toBeCloseTo(88 / 100, 12);
    expect(metrics.precision).toBeCloseTo(28 / 36, 12);
    expect(metrics.recall).toBeCloseTo(28 / 32, 12);
    // F1 = 2·28 / (2·28 + 8 + 4) = 56 / 68.
    expect(metrics.f1).toBeCloseTo(56 / 68, 12);
  });

  it("ignores label identity: a mask against itself relabelled scores 1 everywhere", () => {
    const gt = Uint16Array.from([0, 1, 1, 2, 2, 0]);
    const pred = Int32Array.from([0, 70000, 70000, 3, 3, 0]);
    const metrics = computePixelMetrics(pred, gt, { width: 3, height: 2 });
    expect([metrics.accuracy, metrics.precision, metrics.recall, metrics.f1]).toEqual([1, 1, 1, 1]);
  });

  it("skips ignored pixels", () => {
    // Pixel 2 is a false positive but ignored; pixel 3 a false negative.
    const metrics = computePixelMetrics(
      Uint8Array.from([1, 0, 1, 0]),
      Uint8Array.from([1, 0, 0, 1]),
      {
        width: 4,
        height: 1,
        ignore: Uint8Array.from([0, 0, 1, 0]),
      },
    );
    expect(metrics).toMatchObject({
      truePositives: 1,
      falsePositives: 0,
      falseNegatives: 1,
      evaluatedPixels: 3,
    });
    expect(metrics.precision).toBe(1);
    expect(metrics.recall).toBe(0.5);
  });

  it("scores two empty masks 1 and an empty prediction of a non-empty truth 0", () => {
    const empty = new Uint8Array(4);
    expect(computePixelMetrics(empty, empty, { width: 2, height: 2 }).f1).toBe(1);
    const missed = computePixelMetrics(empty, Uint8Array.from([0, 1, 0, 0]), {
      width: 2,
      height: 2,
    });
    expect([missed.precision, missed.recall, missed.f1, missed.accuracy]).toEqual([0, 0, 0, 0.75]);
  });

  it("rejects images of different sizes, naming the parameter", () => {
    expect(() =>
      computePixelMetrics(new Uint8Array(4), new Uint8Array(6), { width: 2, height: 2 }),
    ).toThrow(/gt must hold width × height = 2 × 2 = 4 pixels, got 6/);
  });
});
