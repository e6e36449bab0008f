import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { evaluateSegmentation } from "@myoscope/core/metrics/evaluate-segmentation";
import type { LabelArray } from "@myoscope/core/morphology/image-size";
import { openLabelImage } from "../../features/open-label-image.ts";
import { type CliCommand, CliUsageError } from "../command.ts";

export interface EvaluateArgs {
  pred: string;
  gt: string;
  isSparse: boolean;
}

function requireFile(name: string, text: string | undefined): string {
  if (text === undefined || text.trim() === "")
    throw new CliUsageError(`--${name} is required (a label image)`);
  const path = resolve(text);
  if (!existsSync(path)) throw new CliUsageError(`--${name} file not found: ${text}`);
  if (!statSync(path).isFile())
    throw new CliUsageError(`--${name} must be a file, got the directory ${text}`);
  return path;
}

/** Parses and checks every argument; nothing is read before this succeeds. */
export function parseEvaluateArgs(args: string[]): EvaluateArgs {
  let values: { pred?: string; gt?: string; sparse?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { pred: { type: "string" }, gt: { type: "string" }, sparse: { type: "boolean" } },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (positionals.length > 0)
    throw new CliUsageError(`unexpected argument ${positionals.join(" ")}`);
  return {
    pred: requireFile("pred", values.pred),
    gt: requireFile("gt", values.gt),
    isSparse: values.sparse === true,
  };
}

async function readLabels(
  path: string,
): Promise<{ width: number; height: number; labels: LabelArray }> {
  const image = await openLabelImage(path);
  try {
    return {
      width: image.width,
      height: image.height,
      labels: await image.readRows(0, image.height),
    };
  } finally {
    await image.close();
  }
}

/**
 * The metrics of `evaluate` as a JSON-ready object: pixel accuracy,
 * precision, recall and F1 of the fiber area, and Cellpose-style AP at IoU
 * 0.50:0.05:0.95 with its TP/FP/FN counts.
 */
export async function evaluateLabelFiles(options: EvaluateArgs) {
  const pred = await readLabels(options.pred);
  const gt = await readLabels(options.gt);
  if (pred.width !== gt.width || pred.height !== gt.height) {
    throw new Error(
      `--pred is ${pred.width}×${pred.height} px but --gt is ${gt.width}×${gt.height} px; they must have the same size`,
    );
  }
  const { width, height } = pred;
  const { pixel, instances } = evaluateSegmentation(pred.labels, gt.labels, {
    width,
    height,
    isSparse: options.isSparse,
  });
  return {
    pred: options.pred,
    gt: options.gt,
    width,
    height,
    sparse: options.isSparse,
    pixel,
    instances: {
      predCount: instances.predCount,
      gtCount: instances.gtCount,
      evaluatedPredCount: instances.evaluatedPredCount,
      meanAveragePrecision: instances.meanAveragePrecision,
      isExact: instances.isExact,
      thresholds: instances.thresholds.map((iou, k) => ({
        iou,
        ap: instances.averagePrecision[k],
        tp: instances.truePositives[k],
        fp: instances.falsePositives[k],
        fn: instances.falseNegatives[k],
      })),
    },
  };
}

export const evaluateCommand: CliCommand = {
  name: "evaluate",
  usage:
    "evaluate --pred A --gt B [--sparse]   pixel F1 and AP@0.50:0.95 of label image A against B, as JSON",
  async run(args) {
    const metrics = await evaluateLabelFiles(parseEvaluateArgs(args));
    console.log(JSON.stringify(metrics, null, 2));
    return 0;
  },
};
