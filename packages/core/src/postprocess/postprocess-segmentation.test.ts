import { describe, expect, it } from "vitest";
import { postprocessSegmentation } from "./postprocess-segmentation.ts";

/** Probability maps drawn pixel by pixel: fiber / boundary in [0, 255], the rest background. */
function drawMaps(
  width: number,
  height: number,
  classify: (x: number, y: number) => "fiber" | "boundary" | "background",
): { fiberProb: Uint8Array; boundaryProb: Uint8Array } {
  const fiberProb = new Uint8Array(width * height);
  const boundaryProb = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const kind = classify(x, y);
      // A softmax-like split: the winning class gets 235, the others share the rest.
      fiberProb[y * width + x] = kind === "fiber" ? 235 : 10;
      boundaryProb[y * width + x] = kind === "boundary" ? 235 : 10;
    }
  }
  return { fiberProb, boundaryProb };
}

const area = (labels: Int32Array, label: number) =>
  labels.reduce((sum, value) => sum + (value === label ? 1 : 0), 0);

describe("postprocessSegmentation(input, params)", () => {
  it("separates two touching discs along their boundary band and grows them back to their area", () => {
    // Discs A (centre 40,40, r 25) and B (centre 84,40, r 21) overlap; every pixel belongs to the nearer
    // disc edge. A 4-px boundary band runs along each disc's outline and along the line where they meet.
    const width = 130;
    const height = 80;
    const discs = [
      { cx: 40, cy: 40, r: 25 },
      { cx: 84, cy: 40, r: 21 },
    ];
    const depth = (x: number, y: number, disc: (typeof discs)[number]) =>
      disc.r - Math.hypot(x - disc.cx, y - disc.cy);
    const maps = drawMaps(width, height, (x, y) => {
      const [a, b] = discs.map((disc) => depth(x, y, disc)) as [number, number];
      const inside = Math.max(a, b);
      if (inside < 0) return "background";
      // Distance to the meeting line is about half the difference of the depths.
      const toOther = Math.min(a, b) >= 0 ? Math.abs(a - b) / 2 : Number.POSITIVE_INFINITY;
      return inside < 2 || toOther < 2 ? "boundary" : "fiber";
    });
    const result = postprocessSegmentation({ ...maps, width, height, mpp: 1 });
    expect(result.summary.counts.postProcessed).toBe(2);
    // Raster order of first pixel: disc A (its top row is higher) is label 1.
    // Each grows 2 px back into its band: the outer band fills, the shared band leaves ≤ a 1-px seam.
    const union = Array.from({ length: width * height }, (_, i) =>
      discs.some((disc) => depth(i % width, Math.floor(i / width), disc) >= 0) ? 1 : 0,
    ).reduce((sum: number, value) => sum + value, 0);
    const areaA = area(result.labels, 1);
    const areaB = area(result.labels, 2);
    expect(areaA).toBeGreaterThan(areaB);
    expect(areaA + areaB).toBeGreaterThan(0.95 * union);
    expect(areaA + areaB).toBeLessThanOrEqual(union);
    // Growing stays inside non-background pixels.
    const isOnBackground = result.labels.some(
      (label, i) =>
        label !== 0 && (maps.fiberProb[i] as number) + (maps.boundaryProb[i] as number) < 128,
    );
    expect(isOnBackground).toBe(false);
  });

  it("without a boundary map keeps the thresholded fibers as they are (the paper's pipeline)", () => {
    const width = 60;
    const height = 60;
    const fiberProb = new Uint8Array(width * height);
    // Fiber probability 220 inside a 30×30 square, 200 (below 210) in a ring of 5 px around it.
    for (let y = 10; y < 50; y++) {
      for (let x = 10; x < 50; x++)
        fiberProb[y * width + x] = x >= 15 && x < 45 && y >= 15 && y < 45 ? 220 : 200;
    }
    const result = postprocessSegmentation({ fiberProb, width, height, mpp: 1 });
    expect(result.summary.counts.postProcessed).toBe(1);
    expect(area(result.labels, 1)).toBe(900);
  });

  it("removes a blob under 150 µm² and a thin line of circularity < 0.1, and shape-filters an elongated fiber", () => {
    // At 0.5 µm/px (0.25 µm² per px): a 40×40 px square (400 µm², circularity ≈ 0.83) is kept;
    // a 20×20 px blob (100 µm²) is too small; a 2×300 px line (150 µm², circularity ≈ 0.02) is not organic;
    // an 8×60 px bar (120 µm²... too small) — so use 12×90 px (270 µm², circularity ≈ 0.34 < 0.35).
    const width = 200;
    const height = 160;
    const maps = drawMaps(width, height, (x, y) => {
      const inRect = (x0: number, y0: number, w: number, h: number) =>
        x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
      if (inRect(20, 20, 40, 40) || inRect(80, 20, 20, 20) || inRect(20, 120, 150, 2))
        return "fiber";
      if (inRect(20, 122, 150, 2) || inRect(120, 20, 12, 90)) return "fiber";
      return "background";
    });
    const result = postprocessSegmentation(
      { fiberProb: maps.fiberProb, width, height, mpp: 0.5 },
      { muscleMask: { isEnabled: false } },
    );
    const { counts } = result.summary;
    expect(counts).toMatchObject({
      candidates: 4,
      removedBySize: 1,
      removedByCircularity: 1,
      postProcessed: 2,
    });
    const [square, bar] = result.fibers;
    expect(square?.areaUm2).toBe(400);
    expect(bar?.areaUm2).toBe(270);
    expect(bar?.circularity).toBeGreaterThan(0.1);
    expect(bar?.circularity).toBeLessThan(0.35);
    expect(result.fibers.map((fiber) => fiber.passesShapeFilter)).toEqual([true, false]);
    expect(area(result.shapeFilterLabels, 1)).toBe(1600);
    expect(area(result.shapeFilterLabels, 2)).toBe(0);
  });

  it("drops fibers outside the muscle mask from the Segmentation mask, keeping their label values", () => {
    // A block of 3×3 squares (20 px, 3-px gaps) and a lone square far away, at 1 µm/px.
    const width = 160;
    const height = 100;
    const inBlock = (x: number, y: number) =>
      x >= 12 && x < 81 && y >= 12 && y < 81 && (x - 12) % 23 < 20 && (y - 12) % 23 < 20;
    const isLone = (x: number, y: number) => x >= 120 && x < 140 && y >= 40 && y < 60;
    const maps = drawMaps(width, height, (x, y) =>
      inBlock(x, y) || isLone(x, y) ? "fiber" : "background",
    );
    // Squares at 12–31, 35–54, 58–77 on both axes: the block's muscle piece is 66² = 4356 µm², the lone
    // one 400 µm²: a 1,000 µm² filter keeps only the block.
    const result = postprocessSegmentation(
      { fiberProb: maps.fiberProb, width, height, mpp: 1 },
      { muscleMask: { minAreaUm2: 1000 } },
    );
    expect(result.summary.counts).toMatchObject({
      postProcessed: 10,
      segmentation: 9,
      shapeFilter: 9,
    });
    const lone = result.fibers.find((fiber) => !fiber.isInMuscleMask);
    expect(lone?.centroidX).toBe(130);
    expect(area(result.labels, lone?.label ?? -1)).toBe(400);
    expect(area(result.segmentationLabels, lone?.label ?? -1)).toBe(0);

    // Connective tissue: muscle block 4356 µm², fibers 9 × 400 = 3600 µm² → 756 µm², fraction 0.1736.
    const tissue = result.summary.connectiveTissue.segmentation;
    expect(tissue.muscleAreaUm2).toBe(4356);
    expect(tissue.areaUm2).toBe(756);
    expect(tissue.fraction).toBeCloseTo(756 / 4356, 12);
    // 3-px gaps read 4 µm in Fiji's convention; at the crossings a disk of r² = 8 fits (2·√8 ≈ 5.66).
    const thickness = result.summary.localThickness;
    expect(thickness?.pixelCount).toBe(756);
    expect(thickness?.histogram.counts[4]).toBeGreaterThan(0.8 * 756);
    expect(thickness?.maxUm).toBeCloseTo(2 * Math.sqrt(8), 5);
  });

  it("keeps the fibers of a tile smaller than the paper's 1.5 mm² muscle filter", () => {
    // 160×160 px at 1 µm/px is 25,600 µm²; 4×4 fibers of 22 px (484 µm²) with 3-px gaps from x, y = 30 make a
    // muscle piece of 97² = 9,409 µm², above a quarter of the tile (6,400 µm²), which is what the filter asks
    // for here instead of 1.5 mm².
    const width = 160;
    const height = 160;
    const inGrid = (v: number) => v >= 30 && v < 127 && (v - 30) % 25 < 22;
    const maps = drawMaps(width, height, (x, y) =>
      inGrid(x) && inGrid(y) ? "fiber" : "background",
    );
    const result = postprocessSegmentation({ fiberProb: maps.fiberProb, width, height, mpp: 1 });
    expect(result.summary.muscleMinAreaUm2Applied).toBe(6400);
    expect(result.summary.counts.segmentation).toBe(16);
    expect(result.summary.connectiveTissue.segmentation.muscleAreaUm2).toBe(9409);
    // With the strict filter (here the whole tile's 25,600 µm²) every fiber of the tile is outside the muscle.
    const strict = postprocessSegmentation(
      { fiberProb: maps.fiberProb, width, height, mpp: 1 },
      { muscleMask: { minAreaImageFraction: 1 } },
    );
    expect(strict.summary.counts.segmentation).toBe(0);
  });

  it("rejects maps of the wrong size, a bad pixel size and bad parameters", () => {
    const fiberProb = new Uint8Array(12);
    expect(() => postprocessSegmentation({ fiberProb, width: 4, height: 4, mpp: 1 })).toThrow(
      /fiberProb must hold width × height = 4 × 4 = 16 pixels, got 12/,
    );
    expect(() => postprocessSegmentation({ fiberProb, width: 4, height: 3, mpp: 0 })).toThrow(
      /mpp must be a finite number > 0 µm\/px, got 0/,
    );
    expect(() =>
      postprocessSegmentation({
        fiberProb,
        boundaryProb: new Uint8Array(3),
        width: 4,
        height: 3,
        mpp: 1,
      }),
    ).toThrow(/boundaryProb must hold/);
    expect(() =>
      postprocessSegmentation(
        { fiberProb, width: 4, height: 3, mpp: 1 },
        { fibers: { threshold: -1 } },
      ),
    ).toThrow(/threshold/);
  });
});
