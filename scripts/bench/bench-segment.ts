/**
 * @module bench-segment
 * `npm run bench:segment [-- --size 8192 --mpp 0.5 --model PATH --threads T --tile-size N --source synthetic|real --tiled]`
 *
 * The segmentation pipeline on one section, made by a child process (so that its memory
 * is not counted) and written as a PNG: synthetic (`synthesizeImage`, preset he-ffpe, at
 * `--mpp`), or with `--source real` (and as a fallback when synthesis fails) a real
 * 1002² H&E tile mirrored to size (0.2774 µm/px). Measured:
 * decode + resample, tiled inference (MP/s of input and of model-resolution pixels),
 * post-processing with per-fiber features (`postprocessSegmentation`, which measures
 * with `measureFibers`), writing labels/CSV/summary, the whole pipeline's MP/s and the
 * peak RSS of the process, and the database write of the fibers as the job commits them
 * (a throwaway database on DATABASE_URL's server or 127.0.0.1:5432; also scaled to
 * 100,000 fibers).
 *
 * Sections over 256 MP (or with `--tiled`) take the tiled post-processing
 * (`segmentImageTiled`), as the CLI and the job do; e.g.
 * `npm run bench:segment -- --size 17000 --source real` for a 289-MP section.
 *
 * The model defaults to the shipped one (`apps/worker/models/myoscope-unet-synth.onnx`)
 * and falls back to the tiny test fixture with a warning: fixture numbers say nothing
 * about the shipped model's speed.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { SYNTHESIS_PRESETS } from "@myoscope/core/synthesis/presets";
import { sampleSynthesisParams } from "@myoscope/core/synthesis/sample-synthesis-params";
import { synthesizeImage } from "@myoscope/core/synthesis/synthesize-image";
import { DEFAULT_MODEL_PATH } from "@myoscope/worker/segmentation/default-model-path";
import { loadSegmentationModel } from "@myoscope/worker/segmentation/load-segmentation-model";
import {
  type SegmentImageProgress,
  type SegmentImageResult,
  segmentImage,
  WHOLE_IMAGE_MAX_PIXELS,
} from "@myoscope/worker/segmentation/segment-image";
import type { SegmentImageTiledResult } from "@myoscope/worker/segmentation/segment-image-tiled";
import { writeSegmentationOutputs } from "@myoscope/worker/segmentation/write-segmentation-outputs";
import { segmentImageToFilesTiled } from "@myoscope/worker/segmentation/write-tiled-segmentation-outputs";
import sharp, { type OverlayOptions } from "sharp";
import { measureFiberWrite } from "./measure-fiber-write.ts";

const FIXTURE_MODEL = resolve(import.meta.dirname, "../../test/fixtures/models/tiny-unet.onnx");

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "8192" },
    mpp: { type: "string", default: "0.5" },
    model: { type: "string" },
    threads: { type: "string", default: String(availableParallelism()) },
    "tile-size": { type: "string" },
    seed: { type: "string", default: "1" },
    source: { type: "string", default: "synthetic" },
    phase: { type: "string" },
    tiled: { type: "boolean" },
    out: { type: "string" },
  },
});

function positiveNumber(name: string, text: string, isInteger: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (isInteger && !Number.isInteger(value))) {
    throw new RangeError(
      `--${name} must be a positive ${isInteger ? "integer" : "number"}, got ${text}`,
    );
  }
  return value;
}

const size = positiveNumber("size", values.size, true);
const mpp = positiveNumber("mpp", values.mpp, false);
const threads = positiveNumber("threads", values.threads, true);
const seed = positiveNumber("seed", values.seed, true);
const tileSize =
  values["tile-size"] === undefined
    ? undefined
    : positiveNumber("tile-size", values["tile-size"], true);

const MB = 1024 * 1024;
const maxRssMb = () => (process.resourceUsage().maxRSS * 1024) / MB;
const seconds = (ms: number) => (ms / 1000).toFixed(2);

const REAL_TILE = resolve(
  import.meta.dirname,
  "../../../shared/data/real/he_muscle_wcchu/images/sample_img_02.tif",
);
const REAL_TILE_MPP = 0.2774;

interface SectionInfo {
  source: string;
  mpp: number;
  fibers: number | null;
  makeMs: number;
}

/** Mirrored copies of a real 1002² H&E tile (so seams are continuous) cut to size×size. */
async function tileRealImage(out: string): Promise<SectionInfo> {
  const started = performance.now();
  const tile = await sharp(REAL_TILE).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = tile.info;
  const raw = { width: w, height: h, channels: 3 } as const;
  const flips = await Promise.all(
    [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ].map(([flop, flip]) => sharp(tile.data, { raw }).flop(flop).flip(flip).raw().toBuffer()),
  );
  const parts: OverlayOptions[] = [];
  for (let y = 0, row = 0; y < size; y += h, row++) {
    for (let x = 0, column = 0; x < size; x += w, column++) {
      const input = flips[(column % 2) + 2 * (row % 2)] as Buffer;
      parts.push({ input, raw, left: x, top: y });
    }
  }
  const canvas = Math.ceil(size / w) * w;
  // Composite output carries an alpha channel; take the channel count from sharp.
  const full = await sharp({
    create: { width: canvas, height: canvas, channels: 3, background: "#ffffff" },
    limitInputPixels: false,
  })
    .composite(parts)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { channels } = full.info;
  await sharp(full.data, {
    raw: { width: canvas, height: canvas, channels },
    limitInputPixels: false,
  })
    .extract({ left: 0, top: 0, width: size, height: size })
    .removeAlpha()
    .png({ compressionLevel: 1 })
    .toFile(out);
  const times = Math.ceil(size / w);
  const source = `real H&E tile ${REAL_TILE} mirrored ${times}×${times}`;
  return { source, mpp: REAL_TILE_MPP, fibers: null, makeMs: performance.now() - started };
}

/** Child process: synthesise the section (or tile a real image) and write it as PNG to `out`. */
async function makeSection(out: string): Promise<SectionInfo> {
  if (values.source === "real") return tileRealImage(out);
  const started = performance.now();
  let image: ReturnType<typeof synthesizeImage>;
  try {
    const params = { ...sampleSynthesisParams(SYNTHESIS_PRESETS["he-ffpe"], { seed }), mpp };
    image = synthesizeImage(params, { width: size, height: size, seed });
  } catch (error) {
    process.stderr.write(
      `WARNING: synthesis failed (${(error as Error).message}); tiling a real image instead\n`,
    );
    return tileRealImage(out);
  }
  const makeMs = performance.now() - started;
  await sharp(image.rgb, { raw: { width: size, height: size, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toFile(out);
  return { source: "synthetic he-ffpe (synthesizeImage)", mpp, fibers: image.fiberCount, makeMs };
}

async function main(): Promise<void> {
  let modelPath = values.model === undefined ? DEFAULT_MODEL_PATH : resolve(values.model);
  if (values.model === undefined && !existsSync(modelPath)) {
    process.stderr.write(
      `WARNING: no shipped model at ${modelPath}; benchmarking the tiny TEST FIXTURE ${FIXTURE_MODEL} — its speed says nothing about the shipped model's\n`,
    );
    modelPath = FIXTURE_MODEL;
  }
  const dir = await mkdtemp(join(tmpdir(), "bench-segment-"));
  try {
    const image = join(dir, "section.png");
    process.stderr.write(`making a ${size}×${size} ${values.source} section…
`);
    const self = fileURLToPath(import.meta.url);
    const section = JSON.parse(
      execFileSync(
        process.execPath,
        [...process.execArgv, self, ...process.argv.slice(2), "--phase", "section", "--out", image],
        { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * MB },
      ).trim(),
    ) as SectionInfo;
    const fileMb = (await stat(image)).size / MB;

    const baseRss = maxRssMb();
    const model = await loadSegmentationModel(modelPath, { threads });
    process.stderr.write(
      `model ${modelPath} (${model.metadata.mpp} µm/px, tile ${tileSize ?? model.metadata.tileSize}/${model.metadata.tileOverlap}, ${model.executionProvider}, ${threads} threads)\n`,
    );
    let lastPercent = -1;
    const options = {
      imageMpp: section.mpp,
      // As the job runs it: outlines are stored, so the database write below carries them.
      withContours: true,
      ...(tileSize !== undefined && { tileSize }),
      onProgress: (progress: SegmentImageProgress) => {
        if (progress.phase !== "inference") return;
        const percent = Math.floor((100 * progress.tilesDone) / progress.tilesTotal / 10) * 10;
        if (percent !== lastPercent) process.stderr.write(`  inference ${percent}%\n`);
        lastPercent = percent;
      },
    };
    const outputs = { outDir: dir, baseName: "section", imagePath: image };
    const isTiled = values.tiled === true || size * size > WHOLE_IMAGE_MAX_PIXELS;
    let result: SegmentImageResult | SegmentImageTiledResult;
    let writeMs: number;
    if (isTiled) {
      // Labels are streamed to their PNG during post-processing; CSV and summary follow.
      const started = performance.now();
      result = (await segmentImageToFilesTiled(model, image, { ...options, ...outputs })).result;
      writeMs = performance.now() - started - result.timings.totalMs;
    } else {
      result = await segmentImage(model, image, options);
      const writeStarted = performance.now();
      await writeSegmentationOutputs(result, { ...outputs, model });
      writeMs = performance.now() - writeStarted;
    }
    await model.release();

    const { inference, postprocess } = result;
    const inputMp = (result.width * result.height) / 1e6;
    const modelMp = (inference.modelWidth * inference.modelHeight) / 1e6;
    const totalMs = result.timings.totalMs + writeMs;
    const rows: [string, string][] = [
      [
        "machine",
        `${cpus()[0]?.model ?? "?"} × ${availableParallelism()} (using ${threads} threads)`,
      ],
      ["model", `${modelPath} (sha256 ${model.sha256.slice(0, 12)})`],
      [
        "section",
        `${result.width}×${result.height} px = ${inputMp.toFixed(1)} MP at ${section.mpp} µm/px, PNG ${fileMb.toFixed(0)} MB; ${section.source}${section.fibers === null ? "" : `, ${section.fibers} fibers`} (made in ${seconds(section.makeMs)} s, not counted)`,
      ],
      [
        "model resolution",
        `${inference.modelWidth}×${inference.modelHeight} = ${modelMp.toFixed(1)} MP, ${inference.tileCount} tiles of ≤${inference.tileSize} px, overlap ${inference.tileOverlap}`,
      ],
      ["decode + resample", `${seconds(inference.timings.decodeMs)} s`],
      [
        "inference (tiles, blending, resampling back)",
        `${seconds(result.timings.inferenceMs)} s → ${(inputMp / (result.timings.inferenceMs / 1000)).toFixed(2)} input MP/s, ${(modelMp / (result.timings.inferenceMs / 1000)).toFixed(2)} model MP/s`,
      ],
      [
        "  of which session.run",
        `${seconds(inference.timings.inferenceMs)} s → ${(modelMp / (inference.timings.inferenceMs / 1000)).toFixed(2)} model MP/s`,
      ],
      [
        "post-processing + features",
        `${seconds(result.timings.postprocessMs)} s (${Object.entries(postprocess.summary.timingsMs)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`)
          .join(", ")})`,
      ],
      [
        "post-processing mode",
        "tiling" in postprocess.summary
          ? `tiled (${JSON.stringify(postprocess.summary.tiling)}; labels.png written during it)`
          : "whole-image",
      ],
      [
        isTiled
          ? "write fibers.csv + summary.json"
          : "write labels.png + fibers.csv + summary.json",
        `${seconds(writeMs)} s`,
      ],
      [
        "fibers",
        `${postprocess.summary.counts.postProcessed} post-processed, ${postprocess.summary.counts.shapeFilter} pass the shape filter`,
      ],
      ["whole pipeline", `${seconds(totalMs)} s → ${(inputMp / (totalMs / 1000)).toFixed(2)} MP/s`],
      [
        "peak RSS",
        `${maxRssMb().toFixed(0)} MB (${baseRss.toFixed(0)} MB before loading the model)`,
      ],
    ];
    const write = await measureFiberWrite(postprocess.fibers);
    const scaled = await measureFiberWrite(
      postprocess.fibers,
      Math.max(1, Math.ceil(100_000 / Math.max(1, postprocess.fibers.length))),
    );
    rows.push(
      ["database write (this section)", `${write.fiberCount} fibers in ${seconds(write.ms)} s`],
      ["database write (scaled)", `${scaled.fiberCount} fibers in ${seconds(scaled.ms)} s`],
      [
        "post-processing + features + database write",
        `${seconds(result.timings.postprocessMs + write.ms)} s for ${inputMp.toFixed(1)} MP`,
      ],
    );
    const width = Math.max(...rows.map(([label]) => label.length));
    for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (values.phase === "section") {
  if (values.out === undefined) throw new RangeError("--out is required with --phase section");
  console.log(JSON.stringify(await makeSection(values.out)));
} else {
  if (values.source !== "synthetic" && values.source !== "real") {
    throw new RangeError(`--source must be synthetic or real, got ${values.source}`);
  }
  await main();
}
