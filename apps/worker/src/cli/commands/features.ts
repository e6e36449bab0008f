import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatFibersCsv } from "@myoscope/core/features/format-fibers-csv";
import { formatProgressBar } from "@myoscope/core/text/format-progress-bar";
import {
  type MeasureLabelImageProgress,
  measureLabelImage,
} from "../../features/measure-label-image.ts";
import { writeFileAtomic } from "../../synthesis/write-file-atomic.ts";
import { type CliCommand, CliUsageError } from "../command.ts";

export interface FeaturesArgs {
  labels: string;
  mpp: number;
  mppY: number;
  out: string;
  /** The H&E image, for mean_od_h / mean_od_e columns. */
  image?: string;
}

function parsePixelSize(name: string, text: string | undefined): number {
  if (text === undefined) throw new CliUsageError(`--${name} is required (pixel size in µm/px)`);
  const value = /^\s*[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?\s*$/i.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || value <= 0) {
    throw new CliUsageError(`--${name} must be a number > 0 (µm/px), got ${text}`);
  }
  if (value > 1000) throw new CliUsageError(`--${name} must be at most 1000 µm/px, got ${text}`);
  return value;
}

/** Parses and checks every argument; nothing is read or written before this succeeds. */
export function parseFeaturesArgs(args: string[]): FeaturesArgs {
  let values: Record<string, string | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        mpp: { type: "string" },
        "mpp-y": { type: "string" },
        out: { type: "string" },
        image: { type: "string" },
      },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (positionals.length !== 1) {
    throw new CliUsageError(
      `expected one LABELS image, got ${positionals.length === 0 ? "none" : positionals.join(" ")}`,
    );
  }
  const mpp = parsePixelSize("mpp", values.mpp);
  const mppY = values["mpp-y"] === undefined ? mpp : parsePixelSize("mpp-y", values["mpp-y"]);
  const out = values.out;
  if (out === undefined || out.trim() === "") throw new CliUsageError("--out is required");
  const outPath = resolve(out);
  if (existsSync(outPath) && statSync(outPath).isDirectory()) {
    throw new CliUsageError(`--out must be a file, got the directory ${out}`);
  }
  if (!existsSync(dirname(outPath))) {
    throw new CliUsageError(`--out directory does not exist: ${dirname(outPath)}`);
  }
  const parsed: FeaturesArgs = {
    labels: resolve(positionals[0] as string),
    mpp,
    mppY,
    out: outPath,
  };
  if (values.image !== undefined) parsed.image = resolve(values.image);
  return parsed;
}

/** `[######------]  50%  measuring rows 6136/12272` */
export function formatFeaturesProgress(progress: MeasureLabelImageProgress): string {
  if (progress.phase === "decode") return `${formatProgressBar(0)}  decoding`;
  if (progress.phase === "trace") return `${formatProgressBar(100)}  tracing outlines`;
  const percent = (100 * progress.rowsDone) / progress.height;
  return `${formatProgressBar(percent)}  measuring rows ${progress.rowsDone}/${progress.height}`;
}

export const featuresCommand: CliCommand = {
  name: "features",
  usage:
    "features LABELS --mpp X [--mpp-y Y] [--image HE] --out fibers.csv  per-fiber features (ImageJ definitions) of a label image",
  async run(args) {
    const options = parseFeaturesArgs(args);
    const start = performance.now();
    const isTty = process.stderr.isTTY === true;
    const show = (line: string, isLast = false) =>
      process.stderr.write(isTty ? `\r${line}\x1b[K${isLast ? "\n" : ""}` : `${line}\n`);
    let result: Awaited<ReturnType<typeof measureLabelImage>>;
    try {
      result = await measureLabelImage(options.labels, {
        mpp: options.mpp,
        mppY: options.mppY,
        rgbPath: options.image,
        onProgress: (progress) =>
          show(formatFeaturesProgress(progress), progress.phase === "trace"),
      });
    } catch (error) {
      // Finish the progress line so the error message starts on its own.
      if (isTty) process.stderr.write("\n");
      throw error;
    }
    await writeFileAtomic(options.out, formatFibersCsv(result.fibers));
    const seconds = (performance.now() - start) / 1000;
    const { decodeMs, measureMs, traceMs } = result.timings;
    console.log(
      `wrote ${result.fibers.length} fibers (${result.width}×${result.height} labels) to ${options.out} in ${seconds.toFixed(1)} s (decode ${(decodeMs / 1000).toFixed(1)} s, scan ${(measureMs / 1000).toFixed(1)} s, outlines ${(traceMs / 1000).toFixed(1)} s)`,
    );
    return 0;
  },
};
