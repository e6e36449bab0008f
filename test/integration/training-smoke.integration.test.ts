/**
 * The training recipe end to end, as CI runs it: `smoke_test.py` makes a tiny
 * synthetic dataset, exports it with `myoscope export`, trains a few steps with
 * PyTorch (Debian's python3-torch under /usr/bin/python3), exports ONNX and
 * saves PyTorch's output for a fixed input. Here ONNX Runtime (Node) must
 * reproduce that output within 1e-4, and the worker's segmentation model loader
 * must accept the model and its metadata.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSegmentationModel } from "@myoscope/worker/segmentation/load-segmentation-model";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/real-images.ts";

const PYTHON = "/usr/bin/python3";
const SMOKE_SCRIPT = join(REPO_ROOT, "apps/worker/training/smoke_test.py");

interface SmokeSummary {
  model: string;
  input: string;
  output: string;
  input_shape: number[];
  output_shape: number[];
  train_loss: number;
  source: string;
}

function runSmokeTest(work: string): Promise<SmokeSummary> {
  return new Promise((done, fail) => {
    execFile(
      PYTHON,
      [SMOKE_SCRIPT, "--work", work, "--steps", "2"],
      { cwd: REPO_ROOT, timeout: 540_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          fail(new Error(`smoke_test.py failed (${error.message}):\n${stderr.slice(-4000)}`));
          return;
        }
        const lastLine = stdout.trim().split("\n").at(-1) ?? "";
        done(JSON.parse(lastLine) as SmokeSummary);
      },
    );
  });
}

async function readFloat32(path: string): Promise<Float32Array> {
  const bytes = await readFile(path);
  // Copy into an aligned buffer; the file is little-endian float32 like the platforms Node runs on.
  return new Float32Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
}

describe("training recipe smoke test (synth → export → train → ONNX → onnxruntime-node)", () => {
  let work: string;
  let summary: SmokeSummary;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "myoscope-training-smoke-"));
    summary = await runSmokeTest(work);
  }, 600_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("trains a few steps to a finite loss", () => {
    expect(Number.isFinite(summary.train_loss)).toBe(true);
    expect(summary.train_loss).toBeGreaterThan(0);
  });

  it("runs the exported model in onnxruntime-node with PyTorch's output within 1e-4", async () => {
    const session = await ort.InferenceSession.create(summary.model, { intraOpNumThreads: 2 });
    try {
      expect(session.inputNames).toEqual(["input"]);
      expect(session.outputNames).toEqual(["logits"]);
      const input = new ort.Tensor(
        "float32",
        await readFloat32(summary.input),
        summary.input_shape,
      );
      const result = await session.run({ input });
      const output = result.logits;
      expect(output?.dims).toEqual(summary.output_shape);
      const actual = output?.data as Float32Array;
      const expected = await readFloat32(summary.output);
      expect(actual.length).toBe(expected.length);
      let maxError = 0;
      for (let i = 0; i < expected.length; i++) {
        maxError = Math.max(maxError, Math.abs((actual[i] as number) - (expected[i] as number)));
      }
      expect(maxError).toBeLessThan(1e-4);
    } finally {
      await session.release();
    }
  });

  it("is accepted by the worker's model loader, with the metadata inference needs", async () => {
    const model = await loadSegmentationModel(summary.model, { threads: 2 });
    try {
      expect(model.outputName).toBe("logits");
      expect(model.classIndex).toEqual({ background: 0, fiber: 1, boundary: 2 });
      const { metadata } = model;
      expect(metadata.inputNormalization).toEqual({
        scale: 1 / 255,
        mean: [0.5, 0.5, 0.5],
        std: [0.25, 0.25, 0.25],
      });
      expect(metadata.mpp).toBeGreaterThan(0.3);
      expect(metadata.mpp).toBeLessThan(1.5);
      expect(metadata.tileSize).toBe(512);
      expect(metadata.tileOverlap).toBe(64);
      expect(JSON.parse(metadata.props.training_data ?? "{}")).toMatchObject({ seed: 1 });
      expect(metadata.props.git_commit).toMatch(/^([0-9a-f]{40}(-dirty)?|unknown)$/);
      expect(metadata.props.myoscope_model_version).toBe("smoke");
    } finally {
      await model.release();
    }
  });
});
