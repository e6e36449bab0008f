import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  addLabelOpticalDensity,
  createLabelOpticalDensitySums,
  meanLabelOpticalDensity,
} from "@myoscope/core/stain/sum-label-optical-density";
import { decode } from "fast-png";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSegmentationModel, type SegmentationModel } from "./load-segmentation-model.ts";
import { segmentImage } from "./segment-image.ts";
import {
  encodeLabelsPng,
  formatSegmentedFibersCsv,
  writeSegmentationOutputs,
} from "./write-segmentation-outputs.ts";

const MODELS = resolve(import.meta.dirname, "../../../../test/fixtures/models");
const IMAGE = resolve(
  import.meta.dirname,
  "../../../../../shared/data/real/he_muscle_wcchu/images/sample_img_03.tif",
);
const IMAGE_MPP = 0.2774;
/** The "post processed" fibers do not depend on the muscle mask or local thickness; skip both. */
const FIBERS_ONLY = { muscleMask: { isEnabled: false }, localThickness: { isEnabled: false } };

/** Pixels of label `a` in `first` and of the label at the same place in `second`: IoU of each fiber. */
function matchFibers(first: Int32Array, second: Int32Array): number[] {
  const area = new Map<number, number>();
  const overlap = new Map<string, number>();
  const areaSecond = new Map<number, number>();
  for (let i = 0; i < first.length; i++) {
    const a = first[i] as number;
    const b = second[i] as number;
    if (a) area.set(a, (area.get(a) ?? 0) + 1);
    if (b) areaSecond.set(b, (areaSecond.get(b) ?? 0) + 1);
    if (a && b) overlap.set(`${a}:${b}`, (overlap.get(`${a}:${b}`) ?? 0) + 1);
  }
  return [...area.keys()].map((a) => {
    let best = 0;
    for (const [key, shared] of overlap) {
      const [left, right] = key.split(":").map(Number) as [number, number];
      if (left !== a) continue;
      const union = (area.get(a) ?? 0) + (areaSecond.get(right) ?? 0) - shared;
      best = Math.max(best, shared / union);
    }
    return best;
  });
}

describe("segmentImage(model, image)", () => {
  let model: SegmentationModel;
  let crop: { data: Uint8Array; width: number; height: number; channels: 3 };

  beforeAll(async () => {
    model = await loadSegmentationModel(resolve(MODELS, "tiny-unet.onnx"), { threads: 2 });
    // 640² of the real tile: 320² at the model's pixel size.
    const { data, info } = await sharp(IMAGE)
      .extract({ left: 200, top: 200, width: 640, height: 640 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    crop = { data, width: info.width, height: info.height, channels: 3 };
  });

  afterAll(async () => {
    await model?.release();
  });

  it("finds the same fibers whole (one tile) and in 128-px tiles", async () => {
    const options = { imageMpp: IMAGE_MPP, postprocessParams: FIBERS_ONLY };
    const whole = await segmentImage(model, crop, { ...options, tileSize: 384 });
    const tiled = await segmentImage(model, crop, { ...options, tileSize: 128 });
    expect(whole.inference.tileCount).toBe(1);
    expect(tiled.inference.tileCount).toBeGreaterThan(9);
    const count = whole.postprocess.fibers.length;
    expect(count).toBeGreaterThan(5);
    expect(tiled.postprocess.fibers.length).toBe(count);
    const ious = matchFibers(whole.postprocess.labels, tiled.postprocess.labels);
    expect(ious).toHaveLength(count);
    expect(Math.min(...ious)).toBeGreaterThan(0.98);
    const areas = (r: typeof whole) => r.postprocess.fibers.map((f) => f.areaUm2);
    const relative = areas(whole).map((a, i) => Math.abs(a - (areas(tiled)[i] ?? 0)) / a);
    expect(Math.max(...relative)).toBeLessThan(0.01);
  }, 30_000);

  it("writes 16-bit labels at the input's resolution, one CSV row per fiber, and a summary", async () => {
    const dir = await mkdtemp(join(tmpdir(), "segment-image-"));
    try {
      const result = await segmentImage(model, crop, { imageMpp: IMAGE_MPP });
      const paths = await writeSegmentationOutputs(result, {
        outDir: dir,
        baseName: "crop",
        imagePath: "crop.raw",
        model,
      });
      expect((await readdir(dir)).sort()).toEqual([
        "crop.fibers.csv",
        "crop.labels.png",
        "crop.summary.json",
      ]);
      const png = decode(await readFile(paths.labels));
      expect([png.width, png.height, png.depth, png.channels]).toEqual([640, 640, 16, 1]);
      const labels = result.postprocess.labels;
      let mismatches = 0;
      let maxLabel = 0;
      for (const [i, value] of Array.from(png.data).entries()) {
        if (value !== labels[i]) mismatches++;
        maxLabel = Math.max(maxLabel, value);
      }
      expect(mismatches).toBe(0);
      expect(maxLabel).toBe(result.postprocess.fibers.length);
      const csv = (await readFile(paths.fibers, "utf8")).trimEnd().split("\n");
      expect(csv[0]).toMatch(
        /^label,area_um2,perimeter_um,circularity,feret_um,min_feret_um,feret_angle,centroid_x,centroid_y,.*,in_muscle_mask,passes_shape_filter$/,
      );
      expect(csv).toHaveLength(result.postprocess.fibers.length + 1);
      const summary = JSON.parse(await readFile(paths.summary, "utf8"));
      expect(summary.counts.fibers).toBe(result.postprocess.fibers.length);
      expect(summary.model.sha256).toBe(model.sha256);
      expect(summary.postprocess.params.fibers.threshold).toBe(210);
      expect(summary.inference.modelWidth).toBe(320);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("measures each fiber's mean H and E optical density on the input pixels under its label, and traces contours when asked", async () => {
    const result = await segmentImage(model, crop, { imageMpp: IMAGE_MPP, withContours: true });
    const { labels, fibers } = result.postprocess;
    expect(fibers.length).toBeGreaterThan(5);
    const sums = createLabelOpticalDensitySums(fibers.length);
    addLabelOpticalDensity(sums, labels, crop.data);
    for (const fiber of fibers) {
      const expected = meanLabelOpticalDensity(sums, fiber.label);
      expect(fiber.meanHematoxylinOd).toBeCloseTo(expected?.hematoxylin ?? Number.NaN, 12);
      expect(fiber.meanEosinOd).toBeCloseTo(expected?.eosin ?? Number.NaN, 12);
      // Eosin-stained fibre cytoplasm: more eosin than haematoxylin.
      expect(fiber.meanEosinOd).toBeGreaterThan(fiber.meanHematoxylinOd ?? 0);
      // The outline lies on the fiber's bounding box corners.
      const contour = fiber.contour ?? new Int32Array();
      expect(contour.length).toBeGreaterThanOrEqual(8);
      const xs = contour.filter((_, i) => i % 2 === 0);
      expect(Math.min(...xs)).toBe(fiber.bbox.x);
      expect(Math.max(...xs)).toBe(fiber.bbox.x + fiber.bbox.width);
    }
    const csv = formatSegmentedFibersCsv(fibers).split("\n");
    expect(csv[0]).toContain(",area_px,mean_od_h,mean_od_e,in_muscle_mask,passes_shape_filter");
    expect(csv[1]?.split(",")[19]).toBe((fibers[0]?.meanHematoxylinOd ?? 0).toFixed(6));
  }, 30_000);

  it("refuses more fibers than a 16-bit label image can hold", () => {
    expect(() => encodeLabelsPng(new Int32Array(4), 2, 2, 70_000)).toThrow(
      /70000 fibers do not fit a 16-bit label image/,
    );
  });
});
