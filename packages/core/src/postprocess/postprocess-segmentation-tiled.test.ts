import { describe, expect, it } from "vitest";
import { SYNTHESIS_PRESETS } from "../synthesis/presets.ts";
import { sampleSynthesisParams } from "../synthesis/sample-synthesis-params.ts";
import { synthesizeImage } from "../synthesis/synthesize-image.ts";
import { createSectionRegionsAccumulator } from "./accumulate-section-regions.ts";
import { assignSectionRegions } from "./assign-section-regions.ts";
import { parsePostprocessParams } from "./postprocess-params.ts";
import { type PostprocessResult, postprocessSegmentation } from "./postprocess-segmentation.ts";
import {
  computeThicknessHaloPx,
  type PostprocessBand,
  type ProbabilitySource,
  postprocessSegmentationTiled,
  type TiledPostprocessOptions,
} from "./postprocess-segmentation-tiled.ts";

interface Maps {
  fiberProb: Uint8Array;
  boundaryProb: Uint8Array;
  width: number;
  height: number;
  mpp: number;
}

/**
 * Probability maps from a synthetic section's exact classes, roughened so that the
 * filters have work: speckle flips some pixels, and a wedge of tissue is erased so the
 * muscle mask has a ragged edge and fibers are cut, except for a small island of fibers
 * that the muscle mask's piece filter drops.
 */
function makeSectionMaps(width: number, height: number, seed: number): Maps {
  const mpp = 1.2;
  const params = { ...sampleSynthesisParams(SYNTHESIS_PRESETS["he-ffpe"], { seed }), mpp };
  const image = synthesizeImage(params, { width, height, seed });
  const fiberProb = new Uint8Array(width * height);
  const boundaryProb = new Uint8Array(width * height);
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let kind = image.classes[i] as number;
      const isIsland = Math.hypot(x - 28, y - 28) < 24;
      if (x + 2 * y < width / 2 && !isIsland) kind = 0;
      else if (random() < 0.02) kind = Math.floor(random() * 3);
      fiberProb[i] = kind === 1 ? 200 + Math.floor(random() * 55) : Math.floor(random() * 60);
      boundaryProb[i] = kind === 2 ? 200 + Math.floor(random() * 55) : Math.floor(random() * 60);
    }
  }
  return { fiberProb, boundaryProb, width, height, mpp };
}

function sourceOf(maps: Maps, withBoundary = true): ProbabilitySource {
  return {
    width: maps.width,
    height: maps.height,
    mpp: maps.mpp,
    hasBoundary: withBoundary,
    readWindow(x, y, width, height) {
      const cut = (plane: Uint8Array) => {
        const out = new Uint8Array(width * height);
        for (let row = 0; row < height; row++) {
          const start = (y + row) * maps.width + x;
          out.set(plane.subarray(start, start + width), row * width);
        }
        return out;
      };
      return {
        fiberProb: cut(maps.fiberProb),
        ...(withBoundary && { boundaryProb: cut(maps.boundaryProb) }),
      };
    },
  };
}

/** Runs the tiled post-processing and glues its bands back into whole rasters. */
async function runTiled(
  maps: Maps,
  params: unknown,
  options: TiledPostprocessOptions,
  withBoundary = true,
) {
  const { width, height } = maps;
  const labels = new Int32Array(width * height);
  const muscleMask = new Uint8Array(width * height);
  const connectiveMask = new Uint8Array(width * height);
  const thickness = new Float32Array(width * height);
  const bands: PostprocessBand[] = [];
  const result = await postprocessSegmentationTiled(sourceOf(maps, withBoundary), params, {
    ...options,
    onBand: (band) => {
      bands.push(band);
      const at = band.y * width;
      labels.set(band.labels, at);
      muscleMask.set(band.muscleMask, at);
      connectiveMask.set(band.connectiveMask, at);
      if (band.localThicknessUm) thickness.set(band.localThicknessUm, at);
    },
  });
  return { result, labels, muscleMask, connectiveMask, thickness, bands };
}

function expectSameFibers(
  tiled: Awaited<ReturnType<typeof runTiled>>["result"],
  whole: PostprocessResult,
) {
  expect(tiled.fibers.length).toBe(whole.fibers.length);
  for (const [index, fiber] of tiled.fibers.entries()) {
    const expected = whole.fibers[index];
    if (!expected) throw new Error(`no whole-image fiber ${index}`);
    // Integer measures are equal; real ones were computed in window coordinates (last-bit differences).
    const { contour, ...rest } = fiber;
    const { contour: expectedContour, ...expectedRest } = expected;
    expect(contour).toEqual(expectedContour);
    for (const [key, value] of Object.entries(expectedRest)) {
      const actual = (rest as Record<string, unknown>)[key];
      if (typeof value === "number" && !Number.isInteger(value)) {
        expect(actual, `${key} of fiber ${fiber.label}`).toBeCloseTo(value, 9);
      } else expect(actual, `${key} of fiber ${fiber.label}`).toEqual(value);
    }
  }
}

describe("postprocessSegmentationTiled(source, params, options)", () => {
  it("gives the whole-image fibers, labels, masks, connective tissue and local thickness in tiles and bands", async () => {
    const maps = makeSectionMaps(520, 430, 7);
    const whole = postprocessSegmentation(maps, {}, { withContours: true });
    // Sanity: the case exercises every filter.
    const { counts } = whole.summary;
    expect(counts.postProcessed).toBeGreaterThan(50);
    expect(counts.removedBySize).toBeGreaterThan(0);
    expect(counts.segmentation).toBeLessThan(counts.postProcessed);
    expect(counts.shapeFilter).toBeLessThan(counts.segmentation);

    const tiled = await runTiled(
      maps,
      {},
      { tileSize: 96, maxFiberExtentUm: 150, bandPixels: 520 * 37, withContours: true },
    );
    expect(tiled.bands.length).toBe(Math.ceil(430 / 37));
    expect(tiled.result.summary.tiling.removedAsOversized).toBe(0);
    expectSameFibers(tiled.result, whole);
    expect(tiled.labels).toEqual(whole.labels);
    expect(tiled.muscleMask).toEqual(whole.muscleMask);
    expect(tiled.connectiveMask).toEqual(whole.connectiveTissue.segmentation.mask);
    expect(tiled.thickness).toEqual(whole.localThicknessUm);
    const { tiling, timingsMs: _t, ...summary } = tiled.result.summary;
    const { timingsMs: _w, ...expected } = whole.summary;
    expect(summary).toEqual(expected);

    // Tile windows too small for most fibers: those are measured on windows of their own.
    const small = await runTiled(
      maps,
      {},
      { tileSize: 128, maxFiberExtentUm: 150, typicalFiberExtentUm: 20, withContours: true },
    );
    expect(small.result.summary.tiling.measuredAlone).toBeGreaterThan(10);
    expectSameFibers(small.result, whole);
    expect(small.labels).toEqual(whole.labels);
    expect(small.thickness).toEqual(whole.localThicknessUm);
  }, 60_000);

  it("feeds its bands to the regions accumulator for the same regions, exclusions and thickness as assignSectionRegions", async () => {
    const maps = makeSectionMaps(520, 430, 7);
    const whole = postprocessSegmentation(maps);
    const square = (x0: number, y0: number, x1: number, y1: number) => [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ] as [number, number][],
    ];
    const shapes = {
      regions: [
        { name: "M. soleus", rings: square(180, 20, 510, 200) },
        { name: "M. gastrocnemius", rings: square(150, 150, 510, 420) },
      ],
      rois: [{ id: "roi-1", rings: square(300, 300, 400, 400) }],
      exclusions: [{ rings: square(260, 180, 330, 260) }],
    };
    const expected = assignSectionRegions({
      width: maps.width,
      height: maps.height,
      mpp: maps.mpp,
      labels: whole.labels,
      muscleMask: whole.muscleMask,
      connectiveMask: whole.connectiveTissue.segmentation.mask,
      fibers: whole.fibers,
      shapes,
    });
    expect(expected.fibers.filter((fiber) => fiber.inExclusion).length).toBeGreaterThan(0);
    expect(expected.regions["M. soleus"]?.connectiveThicknessMeanUm).toBeGreaterThan(0);

    let accumulator: ReturnType<typeof createSectionRegionsAccumulator> | undefined;
    const tiled = await postprocessSegmentationTiled(
      sourceOf(maps),
      {},
      {
        tileSize: 128,
        maxFiberExtentUm: 150,
        bandPixels: 520 * 29,
        onBand: (band) => {
          accumulator ??= createSectionRegionsAccumulator(
            {
              width: maps.width,
              height: maps.height,
              mpp: maps.mpp,
              maxLabel: band.fiberCount,
              shapes,
            },
            { thicknessHaloPx: computeThicknessHaloPx(parsePostprocessParams({})) },
          );
          accumulator.addBand(band);
        },
      },
    );
    expect(tiled.summary.tiling.thicknessHaloPx).toBe(computeThicknessHaloPx(whole.params));
    expect(accumulator?.finish(tiled.fibers)).toEqual(expected);
  }, 30_000);

  it("matches the whole image without a boundary map and with the edge filter on", async () => {
    const maps = makeSectionMaps(300, 260, 11);
    const params = { fibers: { isExcludingEdges: true }, muscleMask: { holeAreaPx: 900 } };
    const whole = postprocessSegmentation(
      { fiberProb: maps.fiberProb, width: maps.width, height: maps.height, mpp: maps.mpp },
      params,
    );
    expect(whole.summary.counts.removedAtEdge).toBeGreaterThan(0);
    const tiled = await runTiled(
      maps,
      params,
      { tileSize: 64, maxFiberExtentUm: 200, bandPixels: 300 * 50 },
      false,
    );
    expectSameFibers(tiled.result, whole);
    expect(tiled.labels).toEqual(whole.labels);
    expect(tiled.thickness).toEqual(whole.localThicknessUm);
    expect(tiled.result.summary.connectiveTissue).toEqual(whole.summary.connectiveTissue);
  }, 30_000);

  it("drops and counts a candidate larger than maxFiberExtentUm", async () => {
    const width = 200;
    const height = 120;
    const fiberProb = new Uint8Array(width * height);
    // A 150-px bar (too long for a 100 µm extent at 1 µm/px) and a 30-px square fiber.
    for (let y = 10; y < 20; y++) fiberProb.fill(255, y * width + 20, y * width + 170);
    for (let y = 60; y < 90; y++) fiberProb.fill(255, y * width + 60, y * width + 90);
    const params = { muscleMask: { isEnabled: false }, localThickness: { isEnabled: false } };
    const tiled = await postprocessSegmentationTiled(
      { width, height, mpp: 1, hasBoundary: false, readWindow: cutWindow(fiberProb, width) },
      params,
      { tileSize: 32, maxFiberExtentUm: 100 },
    );
    expect(tiled.summary.tiling.removedAsOversized).toBe(1);
    expect(tiled.summary.counts.candidates).toBe(2);
    expect(tiled.fibers.map((fiber) => fiber.areaPx)).toEqual([900]);
    const deferring = await postprocessSegmentationTiled(
      { width, height, mpp: 1, hasBoundary: false, readWindow: cutWindow(fiberProb, width) },
      params,
      { tileSize: 32, maxFiberExtentUm: 100, typicalFiberExtentUm: 10 },
    );
    expect(deferring.summary.tiling).toMatchObject({ removedAsOversized: 1, measuredAlone: 2 });
    expect(deferring.summary.counts.candidates).toBe(2);
    expect(deferring.fibers.map((fiber) => fiber.areaPx)).toEqual([900]);
  });

  it("rejects a bad source, bad options and local thickness without a muscle mask", async () => {
    const readWindow = cutWindow(new Uint8Array(100), 10);
    const source = { width: 10, height: 10, mpp: 1, hasBoundary: false, readWindow };
    await expect(postprocessSegmentationTiled({ ...source, mpp: 0 })).rejects.toThrow(
      /source\.mpp must be a finite number > 0 µm\/px, got 0/,
    );
    await expect(postprocessSegmentationTiled({ ...source, width: 2.5 })).rejects.toThrow(
      /source\.width must be an integer ≥ 1, got 2\.5/,
    );
    await expect(postprocessSegmentationTiled(source, {}, { tileSize: 8 })).rejects.toThrow(
      /tileSize must be an integer ≥ 16, got 8/,
    );
    await expect(
      postprocessSegmentationTiled(source, {}, { maxFiberExtentUm: Number.NaN }),
    ).rejects.toThrow(/maxFiberExtentUm must be > 0, got NaN/);
    await expect(
      postprocessSegmentationTiled(source, { muscleMask: { isEnabled: false } }),
    ).rejects.toThrow(/localThickness\.isEnabled needs muscleMask\.isEnabled/);
  });
});

function cutWindow(plane: Uint8Array, planeWidth: number): ProbabilitySource["readWindow"] {
  return (x, y, width, height) => {
    const fiberProb = new Uint8Array(width * height);
    for (let row = 0; row < height; row++) {
      const start = (y + row) * planeWidth + x;
      fiberProb.set(plane.subarray(start, start + width), row * width);
    }
    return { fiberProb };
  };
}
