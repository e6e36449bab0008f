import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { SYNTHESIS_PRESETS, type SynthesisPresetName } from "@myoscope/core/synthesis/presets";
import { formatProgressBar } from "@myoscope/core/text/format-progress-bar";
import {
  MAX_SYNTHESIS_COUNT,
  MAX_SYNTHESIS_SIZE,
  MIN_SYNTHESIS_SIZE,
  type SynthesisProgress,
  synthesizeDataset,
} from "../../synthesis/synthesize-dataset.ts";
import { type CliCommand, CliUsageError } from "../command.ts";

export interface SynthArgs {
  preset: SynthesisPresetName;
  count: number;
  size: number;
  seed: number;
  out: string;
  threads: number;
}

function parseInteger(name: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined) throw new CliUsageError(`--${name} is required`);
  const value = /^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliUsageError(`--${name} must be an integer in [${min}, ${max}], got ${text}`);
  }
  return value;
}

/** Parses and checks every argument; nothing touches the disk before this succeeds. */
export function parseSynthArgs(args: string[]): SynthArgs {
  // parseArgs reads `--seed -4` as a missing value; join such pairs so the
  // range check below reports the number instead.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const next = args[i + 1];
    if (/^--[a-z]+$/.test(arg) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: joined,
      strict: true,
      allowPositionals: false,
      options: {
        preset: { type: "string" },
        count: { type: "string" },
        size: { type: "string" },
        seed: { type: "string" },
        out: { type: "string" },
        threads: { type: "string" },
      },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const presets = Object.keys(SYNTHESIS_PRESETS);
  const preset = values.preset;
  if (preset === undefined) throw new CliUsageError(`--preset is required (${presets.join(", ")})`);
  if (!presets.includes(preset)) {
    throw new CliUsageError(`--preset must be one of ${presets.join(", ")}, got ${preset}`);
  }
  const count = parseInteger("count", values.count, 1, MAX_SYNTHESIS_COUNT);
  const size = parseInteger("size", values.size, MIN_SYNTHESIS_SIZE, MAX_SYNTHESIS_SIZE);
  const seed = parseInteger("seed", values.seed, 0, 0xffffffff);
  const threads =
    values.threads === undefined
      ? availableParallelism()
      : parseInteger("threads", values.threads, 1, 1024);
  const out = values.out;
  if (out === undefined || out.trim() === "") throw new CliUsageError("--out is required");
  if (existsSync(out) && !statSync(out).isDirectory()) {
    throw new CliUsageError(`--out must be a directory, got the file ${out}`);
  }
  return { preset: preset as SynthesisPresetName, count, size, seed, out: resolve(out), threads };
}

function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}

/** `[######------]  50%  4/8 images  1.9 s/image  ETA 8s` */
export function formatSynthProgress(done: number, total: number, elapsedSeconds: number): string {
  const bar = formatProgressBar((100 * done) / total);
  const perImage = done > 0 ? elapsedSeconds / done : 0;
  const rate = done > 0 ? `  ${perImage.toFixed(2)} s/image` : "";
  const eta = done > 0 && done < total ? `  ETA ${formatDuration(perImage * (total - done))}` : "";
  return `${bar}  ${done}/${total} images${rate}${eta}`;
}

export const synthCommand: CliCommand = {
  name: "synth",
  usage:
    "synth --preset P --count N --size PX --seed S --out DIR [--threads T]  render synthetic H&E images with labels",
  async run(args) {
    const options = parseSynthArgs(args);
    const start = performance.now();
    const isTty = process.stderr.isTTY === true;
    const show = (line: string, isLast = false) =>
      process.stderr.write(isTty ? `\r${line}\x1b[K${isLast ? "\n" : ""}` : `${line}\n`);
    show(formatSynthProgress(0, options.count, 0));
    const manifest = await synthesizeDataset({
      preset: options.preset,
      count: options.count,
      size: options.size,
      seed: options.seed,
      outDir: options.out,
      threads: options.threads,
      onProgress: (progress: SynthesisProgress) => {
        const elapsed = (performance.now() - start) / 1000;
        show(
          formatSynthProgress(progress.done, progress.total, elapsed),
          progress.done === progress.total,
        );
      },
    });
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `wrote ${manifest.count} images (${manifest.fiberCount} fibers, preset ${manifest.preset}, seed ${manifest.runSeed}) to ${options.out} in ${seconds.toFixed(1)} s`,
    );
    return 0;
  },
};
