import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { decode, encode } from "fast-png";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliUsageError } from "../command.ts";
import { evaluateLabelFiles, parseEvaluateArgs } from "./evaluate.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../../../../..");
const CLI = join(REPO_ROOT, "apps/worker/bin/myoscope.js");
const MASKS = resolve(REPO_ROOT, "../shared/data/real/he_muscle_wcchu/masks_cellpose");
/** Cellpose cyto3 labels of one 1002×1002 tile: a 16-bit grey PNG with 55 fibers. */
const MASK = join(MASKS, "sample_img_02_cp_masks.png");
const SPARSE = resolve(REPO_ROOT, "../shared/data/real/psr_muscle_coccimiglio_i2k/labels");

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: REPO_ROOT }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

let dir = "";
let perturbed = "";
let small = "";
let removedArea = 0;
let blobArea = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "myoscope-evaluate-"));
  const png = decode(await readFile(MASK));
  const labels = new Uint16Array(png.data as Uint16Array);
  // Perturbation: fiber 7 disappears and a 30×30 blob appears in the top-left background corner.
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 7) {
      labels[i] = 0;
      removedArea++;
    }
  }
  for (let y = 0; y < 30; y++) {
    for (let x = 0; x < 30; x++) {
      if (labels[y * png.width + x] === 0) {
        labels[y * png.width + x] = 900;
        blobArea++;
      }
    }
  }
  perturbed = join(dir, "perturbed.png");
  await writeFile(
    perturbed,
    encode({ width: png.width, height: png.height, data: labels, depth: 16, channels: 1 }),
  );
  small = join(dir, "small.png");
  await writeFile(
    small,
    encode({ width: 4, height: 3, data: new Uint8Array(12), depth: 8, channels: 1 }),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("parseEvaluateArgs(args)", () => {
  it("reads --pred, --gt and --sparse", () => {
    expect(parseEvaluateArgs(["--pred", MASK, "--gt", MASK, "--sparse"])).toEqual({
      pred: MASK,
      gt: MASK,
      isSparse: true,
    });
  });

  it("throws CliUsageError for a missing option, a missing file and an unknown option", () => {
    expect(() => parseEvaluateArgs(["--gt", MASK])).toThrow(CliUsageError);
    expect(() => parseEvaluateArgs(["--gt", MASK])).toThrow(/--pred is required/);
    expect(() => parseEvaluateArgs(["--pred", MASK, "--gt", "nope.png"])).toThrow(
      /--gt file not found: nope.png/,
    );
    expect(() => parseEvaluateArgs(["--pred", MASK, "--gt", MASK, "--iou", "0.5"])).toThrow(
      /--iou/,
    );
  });
});

describe("evaluateLabelFiles(options)", () => {
  it("scores the Cellpose mask against itself F1 1 and AP 1 at every threshold", async () => {
    const metrics = await evaluateLabelFiles({ pred: MASK, gt: MASK, isSparse: false });
    expect(metrics.pixel.f1).toBe(1);
    expect(metrics.instances.gtCount).toBe(55);
    expect(metrics.instances.thresholds.map((t) => t.ap)).toEqual(new Array(10).fill(1));
  });

  it("counts one missed fiber and one spurious blob in a perturbed copy", async () => {
    const metrics = await evaluateLabelFiles({ pred: perturbed, gt: MASK, isSparse: false });
    // 54 fibers still match exactly (IoU 1); fiber 7 is a false negative, the blob a false positive:
    // AP = 54 / (54 + 1 + 1) at every threshold.
    expect(metrics.instances).toMatchObject({ predCount: 55, gtCount: 55 });
    expect(metrics.instances.meanAveragePrecision).toBeCloseTo(54 / 56, 12);
    expect(new Set(metrics.instances.thresholds.map((t) => `${t.tp}/${t.fp}/${t.fn}`))).toEqual(
      new Set(["54/1/1"]),
    );
    expect(metrics.pixel.falseNegatives).toBe(removedArea);
    expect(metrics.pixel.falsePositives).toBe(blobArea);
  });

  it("with --sparse ignores a prediction lying on unlabelled pixels", async () => {
    // The sparse manual PSR labels (14 of the patch's fibers) against themselves.
    const labels = join(SPARSE, "normPSR-x2599_3111-y5126_5638_label.png");
    const sparse = await evaluateLabelFiles({ pred: labels, gt: labels, isSparse: true });
    expect(sparse.instances.gtCount).toBe(14);
    expect(sparse.instances.meanAveragePrecision).toBe(1);
    // Read as sparse truth, the Cellpose mask's background is "not annotated": the blob is ignored, not a FP.
    const blob = await evaluateLabelFiles({ pred: perturbed, gt: MASK, isSparse: true });
    expect(blob.instances.evaluatedPredCount).toBe(54);
    expect(blob.instances.thresholds[0]).toMatchObject({ tp: 54, fp: 0, fn: 1 });
  });

  it("refuses images of different sizes", async () => {
    await expect(evaluateLabelFiles({ pred: small, gt: MASK, isSparse: false })).rejects.toThrow(
      /--pred is 4×3 px but --gt is 1002×1002 px; they must have the same size/,
    );
  });
});

describe("myoscope evaluate", () => {
  it("prints the metrics as JSON, and exits 2 for a missing file", async () => {
    const ok = await runCli(["evaluate", "--pred", perturbed, "--gt", MASK]);
    expect(ok.code).toBe(0);
    const metrics = JSON.parse(ok.stdout);
    expect(metrics.instances.thresholds[0]).toEqual({
      iou: 0.5,
      ap: 54 / 56,
      tp: 54,
      fp: 1,
      fn: 1,
    });
    const missing = await runCli(["evaluate", "--pred", join(dir, "missing.png"), "--gt", MASK]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--pred file not found/);
  }, 60_000);
});
