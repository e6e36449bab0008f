/**
 * @module synthesis/synthesize-dataset
 * Renders a synthetic dataset on a pool of worker threads. Image i's seed is a
 * function of (run seed, i) only, and each thread renders and writes one image
 * at a time, so the output is identical for any thread count and memory stays
 * flat however many images a run has.
 */
import { mkdir } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { SYNTHESIS_PRESETS, type SynthesisPresetName } from "@myoscope/core/synthesis/presets";
import { sampleSynthesisParams } from "@myoscope/core/synthesis/sample-synthesis-params";
import {
  SYNTHESIS_PARAM_KEYS,
  validateSynthesisParams,
} from "@myoscope/core/synthesis/synthesis-params";
import type { SynthesisRanges } from "@myoscope/core/synthesis/synthesis-ranges";
import { describeGenerator, type GeneratorInfo } from "./describe-generator.ts";
import {
  nameSyntheticImage,
  type SynthesisRunConfig,
  type SyntheticImageRecord,
  type SyntheticImageSummary,
} from "./render-synthetic-image-files.ts";
import type {
  SynthesisWorkerRequest,
  SynthesisWorkerResponse,
  ThreadMemory,
} from "./synthesis-worker.ts";
import { writeFileAtomic } from "./write-file-atomic.ts";

/** Smallest and largest image side a run accepts, in pixels. */
export const MIN_SYNTHESIS_SIZE = 64;
export const MAX_SYNTHESIS_SIZE = 16384;
/** Largest number of images in one run. */
export const MAX_SYNTHESIS_COUNT = 100_000;

export interface SynthesisProgress {
  /** Images written so far, this one included. */
  done: number;
  total: number;
  /** The image just written. */
  record: SyntheticImageRecord;
  /** Thread that wrote it, 0-based. */
  thread: number;
  /** That thread's memory right after writing it. */
  memory: ThreadMemory;
}

export interface SynthesizeDatasetOptions {
  /** A named preset; give either `preset` or `ranges`. */
  preset?: SynthesisPresetName;
  /** Explicit parameter ranges; the images are then named `synth-custom-…`. */
  ranges?: SynthesisRanges;
  /** Number of images, ≥ 1. */
  count: number;
  /** Width and height of each image in pixels. */
  size: number;
  /** Run seed, an integer in [0, 2^32). */
  seed: number;
  /** Output directory, created if missing. */
  outDir: string;
  /**
   * Worker threads, at most one per image.
   * @default os.availableParallelism()
   */
  threads?: number;
  /** Called in the calling thread after each image is written. */
  onProgress?: (progress: SynthesisProgress) => void;
  /** Aborting stops the workers; images already written stay. */
  signal?: AbortSignal;
}

/** Content of `DIR/dataset.json`. */
export interface SynthesisDatasetManifest {
  generator: GeneratorInfo;
  preset: string;
  runSeed: number;
  count: number;
  size: number;
  /** The ranges every image's parameters were sampled from. */
  ranges: SynthesisRanges;
  fiberCount: number;
  images: SyntheticImageSummary[];
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

function resolveRanges(options: SynthesizeDatasetOptions): {
  preset: string;
  ranges: SynthesisRanges;
} {
  if (options.preset !== undefined && options.ranges !== undefined) {
    throw new RangeError("give either preset or ranges, not both");
  }
  if (options.ranges !== undefined) {
    checkRanges(options.ranges);
    return { preset: "custom", ranges: options.ranges };
  }
  const preset = options.preset;
  if (preset === undefined) throw new RangeError("preset or ranges is required");
  if (!Object.hasOwn(SYNTHESIS_PRESETS, preset)) {
    const known = Object.keys(SYNTHESIS_PRESETS).join(", ");
    throw new RangeError(`preset must be one of ${known}, got ${String(preset)}`);
  }
  return { preset, ranges: SYNTHESIS_PRESETS[preset] };
}

/**
 * Explicit ranges are checked up front, so a bad range fails before anything
 * is written: the structure by one draw, the bounds at both ends of every
 * range (each parameter's schema bounds form an interval, so checking the
 * all-minimum and all-maximum corners covers every draw).
 */
function checkRanges(ranges: SynthesisRanges): void {
  sampleSynthesisParams(ranges, { seed: 0 });
  for (const end of [0, 1] as const) {
    const corner: Record<string, number> = {};
    for (const key of SYNTHESIS_PARAM_KEYS) {
      const range = ranges[key];
      corner[key] = typeof range === "number" ? range : range[end];
    }
    try {
      validateSynthesisParams(corner);
    } catch (error) {
      const message = (error as Error).message.replace(/^params\./, "ranges.");
      throw new RangeError(`${message} (at the ${end === 0 ? "lower" : "upper"} end of its range)`);
    }
  }
}

/** Renders `count` images into `outDir` and writes `dataset.json` last. */
export async function synthesizeDataset(
  options: SynthesizeDatasetOptions,
): Promise<SynthesisDatasetManifest> {
  const { count, size, seed, onProgress, signal } = options;
  const { preset, ranges } = resolveRanges(options);
  checkInteger("count", count, 1, MAX_SYNTHESIS_COUNT);
  checkInteger("size", size, MIN_SYNTHESIS_SIZE, MAX_SYNTHESIS_SIZE);
  checkInteger("seed", seed, 0, 0xffffffff);
  const threads = options.threads ?? availableParallelism();
  checkInteger("threads", threads, 1, 1024);
  if (options.outDir === "") throw new RangeError("outDir must not be empty");
  signal?.throwIfAborted();

  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const generator = await describeGenerator();
  const config: SynthesisRunConfig = { preset, ranges, size, runSeed: seed, outDir, generator };
  const records = await runWorkerPool(config, count, Math.min(threads, count), onProgress, signal);

  const images = records.map(({ name, index, seed, mpp, fiberCount }) => ({
    name,
    index,
    seed,
    mpp,
    fiberCount,
  }));
  const manifest: SynthesisDatasetManifest = {
    generator,
    preset,
    runSeed: seed,
    count,
    size,
    ranges,
    fiberCount: images.reduce((sum, image) => sum + image.fiberCount, 0),
    images,
  };
  await writeFileAtomic(join(outDir, "dataset.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

const WORKER_ENTRY = new URL("./synthesis-worker-entry.mjs", import.meta.url);

function runWorkerPool(
  config: SynthesisRunConfig,
  count: number,
  threads: number,
  onProgress: SynthesizeDatasetOptions["onProgress"],
  signal: AbortSignal | undefined,
): Promise<SyntheticImageRecord[]> {
  return new Promise((resolvePool, rejectPool) => {
    const records: SyntheticImageRecord[] = new Array(count);
    const workers: Worker[] = [];
    let nextIndex = 0;
    let done = 0;
    let settled = false;

    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      // Idle or not, every thread goes; a half-written image only ever exists as a temp file.
      Promise.all(workers.map((worker) => worker.terminate())).then(
        () => (error === undefined ? resolvePool(records) : rejectPool(error)),
        rejectPool,
      );
    };
    const onAbort = () => finish(signal?.reason ?? new Error("synthesis aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });

    const dispatch = (worker: Worker) => {
      if (nextIndex >= count) return;
      const request: SynthesisWorkerRequest = { type: "render", index: nextIndex++ };
      worker.postMessage(request);
    };

    for (let thread = 0; thread < threads; thread++) {
      const worker = new Worker(WORKER_ENTRY, { workerData: config });
      workers.push(worker);
      worker.on("message", (response: SynthesisWorkerResponse) => {
        if (settled) return;
        if (response.type === "failed") {
          const name = nameSyntheticImage(config.preset, config.runSeed, response.index);
          const error = new Error(`synthesis of ${name} failed: ${response.message}`);
          if (response.stack) error.stack = response.stack;
          finish(error);
          return;
        }
        records[response.record.index] = response.record;
        done++;
        try {
          onProgress?.({
            done,
            total: count,
            record: response.record,
            thread,
            memory: response.memory,
          });
        } catch (error) {
          finish(error);
          return;
        }
        if (done === count) finish();
        else dispatch(worker);
      });
      worker.on("error", (error) => finish(error));
      worker.on("exit", (code) => {
        if (!settled)
          finish(new Error(`synthesis worker thread ${thread} exited with code ${code}`));
      });
      dispatch(worker);
    }
  });
}
