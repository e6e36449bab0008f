import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSegmentationModel, type SegmentationModel } from "./load-segmentation-model.ts";
import { collectProbabilityMaps, runTiledInference } from "./run-tiled-inference.ts";
import { SegmentationInputError } from "./segmentation-errors.ts";

const MODELS = resolve(import.meta.dirname, "../../../../test/fixtures/models");
const IMAGE = resolve(
  import.meta.dirname,
  "../../../../../shared/data/real/he_muscle_wcchu/images/sample_img_02.tif",
);
const IMAGE_MPP = 0.2774;

function maxAbsDifference(a: Uint8Array, b: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++)
    max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

function meanOf(values: Uint8Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** The top-left 512² of the real tile as raw RGB: 256² at the model's pixel size. */
async function readCrop(): Promise<RawRgb> {
  const { data, info } = await sharp(IMAGE)
    .extract({ left: 0, top: 0, width: 512, height: 512 })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

interface RawRgb {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3;
}

describe("runTiledInference(model, image)", () => {
  let model: SegmentationModel;
  let crop: RawRgb;

  beforeAll(async () => {
    model = await loadSegmentationModel(resolve(MODELS, "tiny-unet.onnx"), { threads: 2 });
    crop = await readCrop();
  });

  afterAll(async () => {
    await model?.release();
  });

  it("gives the same probabilities whole (one tile) and in 128-px tiles, within 2/255", async () => {
    // 512 px at 0.2774 µm/px is 256 px at the model's 0.5548: one 320-px tile covers it.
    const options = { imageMpp: IMAGE_MPP, resolution: "model", tileOverlap: 64 } as const;
    const whole = await collectProbabilityMaps(model, crop, { ...options, tileSize: 320 });
    const tiled = await collectProbabilityMaps(model, crop, { ...options, tileSize: 128 });
    expect(whole.tileCount).toBe(1);
    expect(tiled.tileCount).toBe(16);
    expect([whole.width, whole.height]).toEqual([256, 256]);
    expect(maxAbsDifference(whole.fiber, tiled.fiber)).toBeLessThanOrEqual(2);
    expect(maxAbsDifference(whole.boundary, tiled.boundary)).toBeLessThanOrEqual(2);
    // Not vacuous: the map has both fiber and non-fiber pixels.
    const fiberShare = whole.fiber.filter((v) => v >= 210).length / whole.fiber.length;
    expect(fiberShare).toBeGreaterThan(0.3);
    expect(fiberShare).toBeLessThan(0.9);
  });

  it("emits maps at the input's resolution, in order, with progress per tile", async () => {
    const tops: number[] = [];
    const progress: number[] = [];
    let rows = 0;
    const summary = await runTiledInference(
      model,
      crop,
      (band) => {
        tops.push(band.top);
        rows += band.count;
        expect(band.width).toBe(512);
        expect(band.planes.map((p) => p.length)).toEqual([band.count * 512, band.count * 512]);
      },
      {
        imageMpp: IMAGE_MPP,
        tileSize: 128,
        onProgress: ({ tilesDone, tilesTotal }) => progress.push(tilesDone / tilesTotal),
      },
    );
    expect([summary.width, summary.height, summary.modelWidth]).toEqual([512, 512, 256]);
    expect(rows).toBe(512);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    expect(tops.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toHaveLength(summary.tileCount);
  });

  it("upsamples to the input's resolution: 1002² in, 1002² out, same mean as at model resolution", async () => {
    const atModel = await collectProbabilityMaps(model, IMAGE, {
      imageMpp: IMAGE_MPP,
      resolution: "model",
    });
    const atInput = await collectProbabilityMaps(model, IMAGE, { imageMpp: IMAGE_MPP });
    expect([atModel.width, atModel.height]).toEqual([501, 501]);
    expect([atInput.width, atInput.height]).toEqual([1002, 1002]);
    expect(atInput.fiber.length).toBe(1002 * 1002);
    expect(Math.abs(meanOf(atInput.fiber) - meanOf(atModel.fiber))).toBeLessThan(1);
  }, 20_000);

  it("reads the same pixels through the temporary-file path as in memory", async () => {
    const inMemory = await collectProbabilityMaps(model, crop, { imageMpp: IMAGE_MPP });
    const spilled = await collectProbabilityMaps(model, crop, {
      imageMpp: IMAGE_MPP,
      inMemoryPixelLimit: 0,
    });
    expect(maxAbsDifference(spilled.fiber, inMemory.fiber)).toBe(0);
    expect(maxAbsDifference(spilled.boundary, inMemory.boundary)).toBe(0);
  });

  it("refuses a corrupt image, a truncated image and an absurd pixel size", async () => {
    const bytes = await readFile(IMAGE);
    await expect(
      collectProbabilityMaps(model, Buffer.from("not an image at all"), { imageMpp: IMAGE_MPP }),
    ).rejects.toThrow(/cannot read image <19-byte buffer>: .*unsupported image format/);
    const truncated = bytes.subarray(0, bytes.length / 2);
    await expect(collectProbabilityMaps(model, truncated, { imageMpp: IMAGE_MPP })).rejects.toThrow(
      SegmentationInputError,
    );
    await expect(collectProbabilityMaps(model, IMAGE, { imageMpp: 0 })).rejects.toThrow(
      /image pixel size: pixelSizeUm must be a finite number|greater than 0/,
    );
    await expect(collectProbabilityMaps(model, IMAGE, { imageMpp: 25 })).rejects.toThrow(
      /implausible for a model trained at 0.5548/,
    );
  });

  it("refuses to collect maps over maxBytes", async () => {
    await expect(
      collectProbabilityMaps(model, IMAGE, { imageMpp: IMAGE_MPP, maxBytes: 1000 }),
    ).rejects.toThrow(/over the 1000-byte limit; stream them with runTiledInference/);
  });
});
