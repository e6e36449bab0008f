import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { PostprocessBand } from "@myoscope/core/postprocess/postprocess-segmentation-tiled";
import { decode } from "fast-png";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGrayPngWriter } from "./create-gray-png-writer.ts";
import { loadSegmentationModel, type SegmentationModel } from "./load-segmentation-model.ts";
import { segmentImage } from "./segment-image.ts";
import { segmentImageTiled } from "./segment-image-tiled.ts";

const MODELS = resolve(import.meta.dirname, "../../../../test/fixtures/models");
const IMAGE = resolve(
  import.meta.dirname,
  "../../../../../shared/data/real/he_muscle_wcchu/images/sample_img_03.tif",
);
const IMAGE_MPP = 0.2774;

describe("segmentImageTiled(model, image)", () => {
  let model: SegmentationModel;
  let crop: { data: Uint8Array; width: number; height: number; channels: 3 };

  beforeAll(async () => {
    model = await loadSegmentationModel(resolve(MODELS, "tiny-unet.onnx"), { threads: 2 });
    const { data, info } = await sharp(IMAGE)
      .extract({ left: 150, top: 100, width: 700, height: 640 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    crop = { data, width: info.width, height: info.height, channels: 3 };
  });

  afterAll(async () => {
    await model?.release();
  });

  it("gives segmentImage's fibers, optical densities, labels and masks through tiles and bands", async () => {
    const whole = await segmentImage(model, crop, { imageMpp: IMAGE_MPP, withContours: true });
    const labels = new Int32Array(crop.width * crop.height);
    const muscle = new Uint8Array(crop.width * crop.height);
    const bands: PostprocessBand[] = [];
    const tiled = await segmentImageTiled(model, crop, {
      imageMpp: IMAGE_MPP,
      withContours: true,
      tiling: { tileSize: 160, maxFiberExtentUm: 60, bandPixels: crop.width * 90 },
      onBand: (band) => {
        bands.push(band);
        labels.set(band.labels, band.y * band.width);
        muscle.set(band.muscleMask, band.y * band.width);
      },
    });
    expect(whole.postprocess.fibers.length).toBeGreaterThan(5);
    expect(bands.map((band) => band.y)).toEqual([0, 90, 180, 270, 360, 450, 540, 630]);
    expect(tiled.postprocess.summary.tiling.removedAsOversized).toBe(0);
    expect(labels).toEqual(whole.postprocess.labels);
    expect(muscle).toEqual(whole.postprocess.muscleMask);
    expect(tiled.postprocess.fibers.map((fiber) => fiber.label)).toEqual(
      whole.postprocess.fibers.map((fiber) => fiber.label),
    );
    for (const [index, fiber] of tiled.postprocess.fibers.entries()) {
      const expected = whole.postprocess.fibers[index];
      expect(fiber.areaPx).toBe(expected?.areaPx);
      expect(fiber.contour).toEqual(expected?.contour);
      expect(fiber.minFeretUm).toBeCloseTo(expected?.minFeretUm ?? Number.NaN, 9);
      expect(fiber.meanHematoxylinOd).toBeCloseTo(expected?.meanHematoxylinOd ?? Number.NaN, 12);
      expect(fiber.meanEosinOd).toBeCloseTo(expected?.meanEosinOd ?? Number.NaN, 12);
      expect(fiber.passesShapeFilter).toBe(expected?.passesShapeFilter);
    }
    expect(tiled.postprocess.summary.localThickness).toEqual(
      whole.postprocess.summary.localThickness,
    );
  }, 60_000);
});

describe("createGrayPngWriter(path, options)", () => {
  it("streams 16-bit rows into a PNG that decodes to the same values", async () => {
    const dir = await mkdtemp(join(tmpdir(), "png-writer-"));
    try {
      const width = 301;
      const height = 7;
      const values = Int32Array.from({ length: width * height }, (_, i) => (i * 977) % 65_536);
      const writer = await createGrayPngWriter(join(dir, "labels.png"), {
        width,
        height,
        bitDepth: 16,
      });
      await writer.writeRows(values.subarray(0, 3 * width));
      await writer.writeRows(values.subarray(3 * width));
      await writer.finish();
      const png = decode(await readFile(join(dir, "labels.png")));
      expect([png.width, png.height, png.depth, png.channels]).toEqual([width, height, 16, 1]);
      expect(Array.from(png.data)).toEqual(Array.from(values));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses values over the bit depth, extra rows and finishing early", async () => {
    const dir = await mkdtemp(join(tmpdir(), "png-writer-"));
    try {
      const options = { width: 4, height: 2, bitDepth: 8 } as const;
      const writer = await createGrayPngWriter(join(dir, "a.png"), options);
      await expect(writer.writeRows(Uint16Array.of(1, 2, 3, 256))).rejects.toThrow(
        /value 256 does not fit a 8-bit PNG/,
      );
      await expect(writer.finish()).rejects.toThrow(/0 of 2 rows were written/);
      await writer.abort();
      const other = await createGrayPngWriter(join(dir, "b.png"), options);
      await expect(other.writeRows(new Uint8Array(12))).rejects.toThrow(
        /rows beyond the image's 2/,
      );
      await other.abort();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
