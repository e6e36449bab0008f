/**
 * @module bench-synth
 * `npm run bench:synth [-- --size 2048 --count 8 --long-count 24 --single 2 --threads T --preset he-ffpe]`
 *
 * Seconds per synthetic image with all labels, single-thread (engine only, and
 * engine + PNG encoding + writing) and on all threads, images/s, peak memory,
 * and RSS over a longer run to show it stays flat. Each phase runs in its own
 * child process so that its peak RSS (`maxRSS`) is its own.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { SYNTHESIS_PRESETS, type SynthesisPresetName } from "@myoscope/core/synthesis/presets";
import { sampleSynthesisParams } from "@myoscope/core/synthesis/sample-synthesis-params";
import { synthesizeImage } from "@myoscope/core/synthesis/synthesize-image";
import { deriveImageSeed } from "@myoscope/worker/synthesis/derive-image-seed";
import { describeGenerator } from "@myoscope/worker/synthesis/describe-generator";
import {
  renderSyntheticImageFiles,
  type SynthesisRunConfig,
} from "@myoscope/worker/synthesis/render-synthetic-image-files";
import { synthesizeDataset } from "@myoscope/worker/synthesis/synthesize-dataset";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "2048" },
    count: { type: "string", default: "8" },
    "long-count": { type: "string", default: "24" },
    single: { type: "string", default: "2" },
    threads: { type: "string", default: String(availableParallelism()) },
    preset: { type: "string", default: "he-ffpe" },
    seed: { type: "string", default: "1" },
    phase: { type: "string" },
  },
});

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`--${name} must be a positive integer, got ${text}`);
  }
  return value;
}

const size = positiveInteger("size", values.size);
const count = positiveInteger("count", values.count);
const longCount = positiveInteger("long-count", values["long-count"]);
const single = positiveInteger("single", values.single);
const threads = positiveInteger("threads", values.threads);
const seed = Number(values.seed);
const preset = values.preset as SynthesisPresetName;
if (!Object.hasOwn(SYNTHESIS_PRESETS, preset)) {
  throw new RangeError(`--preset must be one of ${Object.keys(SYNTHESIS_PRESETS)}, got ${preset}`);
}

const MB = 1024 * 1024;
const maxRssMb = () => (process.resourceUsage().maxRSS * 1024) / MB;
const rssMb = () => process.memoryUsage().rss / MB;

interface PhaseResult {
  label: string;
  images: number;
  threads: number;
  wallSeconds: number;
  /** Wall seconds × threads / images: the cost of one image on one core. */
  secondsPerImagePerCore: number;
  imagesPerSecond: number;
  /** CPU time (all threads of the process) per image: the cost on a machine others share. */
  cpuSecondsPerImage: number;
  peakRssMb: number;
  notes: string;
}

let cpuStart = process.cpuUsage();

/** Marks the start of a timed section for the CPU column. */
function startCpu(): void {
  cpuStart = process.cpuUsage();
}

function result(
  label: string,
  images: number,
  usedThreads: number,
  wallSeconds: number,
  notes: string,
): PhaseResult {
  const cpu = process.cpuUsage(cpuStart);
  return {
    label,
    images,
    threads: usedThreads,
    wallSeconds,
    secondsPerImagePerCore: (wallSeconds * usedThreads) / images,
    imagesPerSecond: images / wallSeconds,
    cpuSecondsPerImage: (cpu.user + cpu.system) / 1e6 / images,
    peakRssMb: maxRssMb(),
    notes,
  };
}

async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "myoscope-bench-synth-"));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runPhase(phase: string): Promise<PhaseResult> {
  const ranges = SYNTHESIS_PRESETS[preset];
  if (phase === "engine") {
    // One untimed warm-up so JIT compilation is not billed to the first image.
    const warmSeed = deriveImageSeed(seed + 1, 0);
    synthesizeImage(sampleSynthesisParams(ranges, { seed: warmSeed }), {
      width: 256,
      height: 256,
      seed: warmSeed,
    });
    let fibers = 0;
    startCpu();
    const start = performance.now();
    for (let index = 0; index < single; index++) {
      const imageSeed = deriveImageSeed(seed, index);
      const params = sampleSynthesisParams(ranges, { seed: imageSeed });
      fibers += synthesizeImage(params, { width: size, height: size, seed: imageSeed }).fiberCount;
    }
    const wall = (performance.now() - start) / 1000;
    return result(
      "1 thread, engine only",
      single,
      1,
      wall,
      `${Math.round(fibers / single)} fibers/image`,
    );
  }
  if (phase === "engine+png") {
    return withTempDir(async (outDir) => {
      const config: SynthesisRunConfig = {
        preset,
        ranges,
        size,
        runSeed: seed,
        outDir,
        generator: await describeGenerator(),
      };
      await renderSyntheticImageFiles({ ...config, size: 256, runSeed: seed + 1 }, 0);
      let render = 0;
      let encode = 0;
      let write = 0;
      startCpu();
      const start = performance.now();
      for (let index = 0; index < single; index++) {
        const record = await renderSyntheticImageFiles(config, index);
        render += record.renderSeconds;
        encode += record.encodeSeconds;
        write += record.writeSeconds;
      }
      const wall = (performance.now() - start) / 1000;
      const split = `render ${(render / single).toFixed(2)} + encode ${(encode / single).toFixed(2)} + write ${(write / single).toFixed(2)} s`;
      return result("1 thread, engine + PNG files", single, 1, wall, split);
    });
  }
  if (phase === "pool" || phase === "long") {
    const images = phase === "pool" ? count : longCount;
    return withTempDir(async (outDir) => {
      const rss: number[] = [rssMb()];
      let peakThreadBuffersMb = 0;
      let peakThreadHeapMb = 0;
      startCpu();
      const start = performance.now();
      await synthesizeDataset({
        preset,
        count: images,
        size,
        seed,
        outDir,
        threads,
        onProgress: ({ memory }) => {
          rss.push(memory.rss / MB);
          peakThreadBuffersMb = Math.max(peakThreadBuffersMb, memory.arrayBuffers / MB);
          peakThreadHeapMb = Math.max(peakThreadHeapMb, memory.heapUsed / MB);
        },
      });
      const wall = (performance.now() - start) / 1000;
      const usedThreads = Math.min(threads, images);
      const at = (fraction: number) => rss[Math.round(fraction * (rss.length - 1))] ?? 0;
      const perThread = `per thread after an image: heap ≤ ${peakThreadHeapMb.toFixed(0)} MB, buffers ≤ ${peakThreadBuffersMb.toFixed(0)} MB`;
      const afterImages = rss.slice(1);
      const range = `${Math.min(...afterImages).toFixed(0)}–${Math.max(...afterImages).toFixed(0)}`;
      const notes =
        phase === "long"
          ? `RSS before ${at(0).toFixed(0)} MB, after each image ${range} MB (1st ${at(1 / rss.length).toFixed(0)}, middle ${at(0.5).toFixed(0)}, last ${at(1).toFixed(0)}); ${perThread}`
          : perThread;
      const label =
        phase === "pool" ? `${usedThreads} threads, dataset` : `${usedThreads} threads, long run`;
      return result(label, images, usedThreads, wall, notes);
    });
  }
  throw new RangeError(`unknown --phase ${phase}`);
}

function formatTable(rows: PhaseResult[]): string {
  const header = [
    "phase",
    "images",
    "wall s",
    "s/image/core",
    "images/s",
    "CPU s/image",
    "peak RSS MB",
    "notes",
  ];
  const cells = rows.map((row) => [
    row.label,
    String(row.images),
    row.wallSeconds.toFixed(2),
    row.secondsPerImagePerCore.toFixed(2),
    row.imagesPerSecond.toFixed(2),
    row.cpuSecondsPerImage.toFixed(2),
    row.peakRssMb.toFixed(0),
    row.notes,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((row) => (row[column] ?? "").length)),
  );
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
  return [line(header), rule, ...cells.map(line)].join("\n");
}

if (values.phase !== undefined) {
  // Child process: one phase, one JSON line on stdout.
  console.log(JSON.stringify(await runPhase(values.phase)));
} else {
  const self = fileURLToPath(import.meta.url);
  const forwarded = process.argv.slice(2);
  console.log(
    `bench:synth  preset ${preset}, ${size}×${size} px, seed ${seed}, ${threads} threads, ${cpus()[0]?.model ?? "unknown CPU"} (${availableParallelism()} available), load average ${loadavg()[0]?.toFixed(1)}`,
  );
  const rows: PhaseResult[] = [];
  for (const phase of ["engine", "engine+png", "pool", "long"]) {
    process.stderr.write(`running phase ${phase}…\n`);
    const output = execFileSync(
      process.execPath,
      [...process.execArgv, self, ...forwarded, "--phase", phase],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * MB },
    );
    const last = output.trim().split("\n").at(-1) ?? "";
    rows.push(JSON.parse(last) as PhaseResult);
  }
  console.log(formatTable(rows));
  console.log(
    `load average after the run: ${loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")}`,
  );
  console.log(
    "s/image/core = wall × threads / images (thread start-up included); CPU s/image = CPU time of all threads / images, the per-core cost when the machine is shared; peak RSS is the whole process (main + worker threads) of that phase.",
  );
}
