import { describe, expect, it } from "vitest";
import type { PolygonRings } from "../geometry/polygon-rings.ts";
import { computeLocalThickness } from "../morphology/compute-local-thickness.ts";
import { assignSectionRegions, type SectionShapes } from "./assign-section-regions.ts";

const rect = (x0: number, y0: number, x1: number, y1: number): PolygonRings => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ],
];

/**
 * 10×6 px at 0.5 µm/px, all muscle. Fiber 1 at x 0–1, y 0–1; fiber 2 at x 6–7, y 0–1;
 * fiber 3 at x 6–7, y 4–5. Region A is x < 5, region B x ≥ 5; the exclusion covers
 * x ≥ 5, y ≥ 3 (15 px, fiber 3 wholly).
 */
function section() {
  const width = 10;
  const height = 6;
  const labels = new Int32Array(width * height);
  const paint = (label: number, x0: number, y0: number) => {
    for (let y = y0; y < y0 + 2; y++)
      for (let x = x0; x < x0 + 2; x++) labels[y * width + x] = label;
  };
  paint(1, 0, 0);
  paint(2, 6, 0);
  paint(3, 6, 4);
  const muscleMask = new Uint8Array(width * height).fill(255);
  const connectiveMask = Uint8Array.from(labels, (label) => (label === 0 ? 255 : 0));
  const fibers = [
    { label: 1, centroidX: 1, centroidY: 1, isInMuscleMask: true },
    { label: 2, centroidX: 7, centroidY: 1, isInMuscleMask: true },
    { label: 3, centroidX: 7, centroidY: 5, isInMuscleMask: true },
  ];
  return { width, height, mpp: 0.5, labels, muscleMask, connectiveMask, fibers };
}

const SHAPES: SectionShapes = {
  regions: [
    { name: "A", rings: rect(0, 0, 5, 6) },
    { name: "B", rings: rect(5, 0, 10, 6) },
  ],
  rois: [{ id: "roi-1", rings: rect(0, 0, 3, 3) }],
  exclusions: [{ rings: rect(5, 3, 10, 6) }],
};

describe("assignSectionRegions(input, options)", () => {
  it("names each fiber's region and ROI by its centroid and excludes fibers mostly inside exclusions", () => {
    const result = assignSectionRegions({ ...section(), shapes: SHAPES });
    expect(result.fibers).toEqual([
      { label: 1, regionName: "A", roiId: "roi-1", inExclusion: false },
      { label: 2, regionName: "B", roiId: null, inExclusion: false },
      { label: 3, regionName: "B", roiId: null, inExclusion: true },
    ]);
    expect(result.excludedAreaUm2).toBe(15 * 0.25);
  });

  it("measures muscle and connective tissue per region and for the section outside exclusions", () => {
    const result = assignSectionRegions({ ...section(), shapes: SHAPES });
    // Whole: 60 − 15 excluded = 45 px muscle, minus fibers 1 and 2 (8 px) = 37 px tissue.
    expect(result.regions[""]).toMatchObject({
      muscleAreaUm2: 45 * 0.25,
      connectiveAreaUm2: 37 * 0.25,
      connectiveFraction: 37 / 45,
      fiberCount: 2,
    });
    // A: 30 px muscle, 26 px tissue. B: 15 px muscle left, 11 px tissue.
    expect(result.regions.A).toMatchObject({
      muscleAreaUm2: 30 * 0.25,
      connectiveFraction: 26 / 30,
      fiberCount: 1,
    });
    expect(result.regions.B).toMatchObject({
      muscleAreaUm2: 15 * 0.25,
      connectiveFraction: 11 / 15,
      fiberCount: 1,
    });
  });

  it("takes the local thickness of the tissue with the exclusions cut out", () => {
    const input = section();
    const result = assignSectionRegions({ ...input, shapes: SHAPES });
    const tissue = Uint8Array.from(input.connectiveMask, (v, i) =>
      v !== 0 && !(i % 10 >= 5 && Math.floor(i / 10) >= 3) ? 1 : 0,
    );
    const thickness = computeLocalThickness(tissue, { width: 10, height: 6 });
    let sum = 0;
    let n = 0;
    thickness.forEach((t) => {
      if (t > 0) {
        sum += t * 0.5;
        n++;
      }
    });
    expect(result.regions[""]?.connectiveThicknessMeanUm).toBeCloseTo(sum / n, 6);
  });

  it("reuses a given local thickness when nothing is excluded, and the first region wins overlaps", () => {
    const input = section();
    const thickness = Float32Array.from(input.connectiveMask, (v) => (v ? 2 : 0));
    const result = assignSectionRegions(
      {
        ...input,
        shapes: {
          regions: [
            { name: "A", rings: rect(0, 0, 8, 6) },
            { name: "B", rings: rect(5, 0, 10, 6) },
          ],
          rois: [],
          exclusions: [],
        },
      },
      { localThicknessUm: thickness },
    );
    expect(result.fibers.map((f) => [f.regionName, f.inExclusion])).toEqual([
      ["A", false],
      ["A", false],
      ["A", false],
    ]);
    expect(result.regions.A?.muscleAreaUm2).toBe(48 * 0.25);
    expect(result.regions.B?.muscleAreaUm2).toBe(12 * 0.25);
    expect(result.regions[""]?.connectiveThicknessMeanUm).toBe(2);
    expect(result.regions[""]?.fiberCount).toBe(3);
  });

  it("counts only Segmentation-mask fibers and rejects masks of the wrong size", () => {
    const input = section();
    const fibers = input.fibers.map((f) => ({ ...f, isInMuscleMask: f.label !== 1 }));
    const result = assignSectionRegions({ ...input, fibers, shapes: SHAPES });
    expect(result.regions.A?.fiberCount).toBe(0);
    expect(() =>
      assignSectionRegions({ ...input, muscleMask: new Uint8Array(3), shapes: SHAPES }),
    ).toThrow(/muscleMask must hold width × height/);
  });
});

describe("assignSectionRegions(input, { withThickness: false })", () => {
  it("measures no thickness when the run switched local thickness off", () => {
    const result = assignSectionRegions({ ...section(), shapes: SHAPES }, { withThickness: false });
    expect(result.regions[""]?.connectiveThicknessMeanUm).toBeNull();
    expect(result.regions[""]?.connectiveFraction).toBe(37 / 45);
  });
});
