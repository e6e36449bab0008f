import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { inspectSegmentationModel } from "./inspect-segmentation-model.ts";
import { SegmentationModelError } from "./segmentation-model-error.ts";

const MODELS = resolve(import.meta.dirname, "../../../test/fixtures/models");
const REAL_DATA = resolve(import.meta.dirname, "../../../../shared/data/real");

async function refusal(path: string): Promise<SegmentationModelError> {
  const error = await inspectSegmentationModel(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SegmentationModelError);
  return error as SegmentationModelError;
}

describe("inspectSegmentationModel(path)", () => {
  it("returns the registry facts of the tiny fixture U-Net", async () => {
    const path = resolve(MODELS, "tiny-unet.onnx");
    const bytes = await readFile(path);
    const info = await inspectSegmentationModel(path);
    expect(info).toMatchObject({
      sha256: createHash("sha256").update(bytes).digest("hex"),
      byteSize: bytes.length,
      inputName: "input",
      outputName: "logits",
    });
    expect(info.metadata.classes).toEqual(["background", "fiber", "boundary"]);
    expect(info.metadata.tileSize).toBe(256);
    expect(JSON.parse(info.metadata.props.classes ?? "")).toEqual(info.metadata.classes);
  });

  it("lists problems without the file path, so they can be shown to the uploader", async () => {
    const channels = await refusal(resolve(MODELS, "bad-channels.onnx"));
    expect(channels.reason).toBe("unusable");
    expect(channels.problems).toEqual([
      'input "input" must have 3 channels (NCHW), got shape [n, 1, h, w]',
    ]);
    const classes = await refusal(resolve(MODELS, "no-classes.onnx"));
    expect(classes.problems).toEqual([
      expect.stringMatching(
        /^metadata "classes" is missing \(expected \["background","fiber","boundary"\]\)$/,
      ),
    ]);
    for (const problem of [...channels.problems, ...classes.problems]) {
      expect(problem).not.toContain(MODELS);
    }
  });

  it("calls an image file not an ONNX model", async () => {
    const error = await refusal(resolve(REAL_DATA, "he_muscle_wcchu/images/sample_img_02.tif"));
    expect(error.reason).toBe("not-onnx");
    expect(error.problems).toEqual([
      expect.stringMatching(/^(not an ONNX model|onnxruntime cannot load it)/),
    ]);
  });
});
