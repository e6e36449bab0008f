import { parseArgs } from "node:util";
import { formatProgressBar } from "@myoscope/core/text/format-progress-bar";
import { exportTrainingDataset } from "../../training-export/export-training-dataset.ts";
import { type CliCommand, CliUsageError } from "../command.ts";

export interface ExportArgs {
  from: string[];
  out: string;
  tileSize: number;
  overlap: number;
  valFraction: number;
  withWeights: boolean;
  seed: number;
  zip: boolean;
}

function parseNumber(
  name: string,
  text: string,
  isValid: (value: number) => boolean,
  expected: string,
): number {
  const value = /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!isValid(value)) throw new CliUsageError(`--${name} must be ${expected}, got ${text}`);
  return value;
}

/** Parses and checks every argument; nothing touches the disk before this succeeds. */
const EXPORT_OPTIONS = {
  from: { type: "string", multiple: true },
  out: { type: "string" },
  tile: { type: "string", default: "400" },
  overlap: { type: "string", default: "0" },
  "val-fraction": { type: "string", default: "0.1" },
  weights: { type: "boolean", default: false },
  seed: { type: "string", default: "0" },
  zip: { type: "boolean", default: false },
} as const;

export function parseExportArgs(args: string[]): ExportArgs {
  let parsed: ReturnType<
    typeof parseArgs<{
      args: string[];
      options: typeof EXPORT_OPTIONS;
      strict: true;
      allowPositionals: false;
    }>
  >;
  try {
    parsed = parseArgs({ args, options: EXPORT_OPTIONS, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const { values } = parsed;
  const from = values.from ?? [];
  if (from.length === 0)
    throw new CliUsageError("--from DIR is required (repeat it for several folders)");
  const out = values.out;
  if (out === undefined || out.trim() === "") throw new CliUsageError("--out is required");
  const tileSize = parseNumber(
    "tile",
    values.tile,
    (v) => Number.isInteger(v) && v >= 16 && v <= 8192,
    "an integer in [16, 8192]",
  );
  const overlap = parseNumber(
    "overlap",
    values.overlap,
    (v) => Number.isInteger(v) && v >= 0 && v < tileSize,
    `an integer in [0, ${tileSize})`,
  );
  const valFraction = parseNumber(
    "val-fraction",
    values["val-fraction"],
    (v) => v >= 0 && v < 1,
    "a number in [0, 1)",
  );
  const seed = parseNumber(
    "seed",
    values.seed,
    (v) => Number.isSafeInteger(v) && v >= 0,
    "a non-negative integer",
  );
  return {
    from,
    out,
    tileSize,
    overlap,
    valFraction,
    withWeights: values.weights,
    seed,
    zip: values.zip,
  };
}

export const exportCommand: CliCommand = {
  name: "export",
  usage:
    "export --from DIR [--from DIR2] --out OUT [--tile 400] [--overlap 0] [--val-fraction 0.1] [--weights] [--seed S] [--zip]  write a training dataset (tiles, masks, labels, COCO)",
  async run(args) {
    const options = parseExportArgs(args);
    const start = performance.now();
    const isTty = process.stderr.isTTY === true;
    let lastLine = 0;
    const manifest = await exportTrainingDataset({
      ...options,
      onProgress: ({ done, total, stage, source }) => {
        const now = performance.now();
        // Every update on a terminal; on a pipe, a line per second at most.
        if (!isTty && done < total && now - lastLine < 1000) return;
        lastLine = now;
        const label = stage === "zip" ? "files zipped" : `tiles  ${source ?? ""}`;
        const line = `${formatProgressBar((100 * done) / total)}  ${done}/${total} ${label}`;
        process.stderr.write(isTty ? `\r${line}\x1b[K${done === total ? "\n" : ""}` : `${line}\n`);
      },
    });
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    const count = (split: "train" | "val") => manifest.tiles[split].length;
    const sources = (split: "train" | "val") =>
      manifest.sources.filter((s) => s.split === split).length;
    console.log(
      `wrote ${count("train")} train tiles (${sources("train")} images) and ${count("val")} val tiles (${sources("val")} images), dataset ${manifest.datasetVersion}, to ${options.out}${options.zip ? ` and ${options.out.replace(/\/$/, "")}.zip` : ""} in ${seconds} s`,
    );
    return 0;
  },
};
