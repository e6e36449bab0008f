import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  loadSegmentationModel,
  parseSegmentationModelMetadata,
} from "./load-segmentation-model.ts";
import { SegmentationModelError } from "./segmentation-model-error.ts";

const MODELS = resolve(import.meta.dirname, "../../../test/fixtures/models");
const REAL_DATA = resolve(import.meta.dirname, "../../../../shared/data/real");

const VALID_PROPS = {
  classes: '["background","fiber","boundary"]',
  input_normalization: '{"scale":0.00392156862745098,"mean":[0.7,0.5,0.65],"std":[0.2,0.2,0.15]}',
  mpp: "0.55",
  tile_size: "512",
  tile_overlap: "64",
};

describe("parseSegmentationModelMetadata(props)", () => {
  it("parses classes, normalisation, pixel size and tiling", () => {
    const parsed = parseSegmentationModelMetadata({ ...VALID_PROPS, git_commit: "abc" });
    expect(parsed.problems).toEqual([]);
    expect("metadata" in parsed && parsed.metadata).toMatchObject({
      classes: ["background", "fiber", "boundary"],
      inputNormalization: { mean: [0.7, 0.5, 0.65], std: [0.2, 0.2, 0.15] },
      mpp: 0.55,
      tileSize: 512,
      tileOverlap: 64,
      gitCommit: "abc",
    });
  });

  it("names every missing or malformed key", () => {
    const parsed = parseSegmentationModelMetadata({
      classes: '["background","fiber"]',
      mpp: "-1",
      tile_size: "500",
      tile_overlap: "64",
    });
    expect(parsed.problems).toEqual([
      expect.stringContaining('"classes" lacks boundary'),
      expect.stringContaining('"input_normalization" is missing'),
      expect.stringContaining('"mpp" must be a pixel size'),
      expect.stringContaining('"tile_size" must be a multiple of 16'),
    ]);
  });

  it("rejects an overlap above half the tile", () => {
    const parsed = parseSegmentationModelMetadata({
      ...VALID_PROPS,
      tile_size: "64",
      tile_overlap: "48",
    });
    expect(parsed.problems).toEqual([expect.stringContaining('"tile_overlap"')]);
  });
});

describe("loadSegmentationModel(path)", () => {
  it("opens the tiny fixture U-Net on the CPU with its metadata and class channels", async () => {
    const model = await loadSegmentationModel(resolve(MODELS, "tiny-unet.onnx"), { threads: 1 });
    try {
      expect(model.executionProvider).toBe("cpu");
      expect(model.metadata.mpp).toBeCloseTo(0.5548, 6);
      expect(model.metadata.tileSize).toBe(256);
      expect(model.classIndex).toEqual({ background: 0, fiber: 1, boundary: 2 });
      expect(model.hasFixedTileSize).toBe(false);
      expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(model.inputName).toBe("input");
      expect(model.outputName).toBe("logits");
    } finally {
      await model.release();
    }
  });

  it("falls back to the CPU with one log line when CUDA is requested but unavailable", async () => {
    const lines: string[] = [];
    const model = await loadSegmentationModel(resolve(MODELS, "tiny-unet.onnx"), {
      threads: 1,
      executionProviders: ["cuda", "cpu"],
      log: (line) => lines.push(line),
    });
    await model.release();
    expect(model.executionProvider).toBe("cpu");
    expect(lines).toEqual([expect.stringMatching(/CUDA execution provider .*running on CPU/)]);
  });

  it("refuses a model whose input has 1 channel, naming the input and its shape", async () => {
    const load = loadSegmentationModel(resolve(MODELS, "bad-channels.onnx"), { threads: 1 });
    await expect(load).rejects.toThrow(SegmentationModelError);
    await expect(load).rejects.toThrow(
      /input "input" must have 3 channels .*got shape \[n, 1, h, w\]/,
    );
  });

  it("refuses a model without the classes metadata", async () => {
    await expect(
      loadSegmentationModel(resolve(MODELS, "no-classes.onnx"), { threads: 1 }),
    ).rejects.toThrow(
      /no-classes\.onnx is not a usable fiber segmentation model:\n.*"classes" is missing/,
    );
  });

  it("refuses a file that is not an ONNX model, and a missing file", async () => {
    const tiff = resolve(REAL_DATA, "he_muscle_wcchu/images/sample_img_02.tif");
    await expect(loadSegmentationModel(tiff, { threads: 1 })).rejects.toThrow(
      SegmentationModelError,
    );
    await expect(
      loadSegmentationModel(resolve(MODELS, "does-not-exist.onnx"), { threads: 1 }),
    ).rejects.toThrow(/cannot read model .*does-not-exist\.onnx: ENOENT/);
  });
});
