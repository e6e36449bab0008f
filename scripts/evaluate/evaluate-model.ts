/**
 * Measures a segmentation model on the real H&E tiles in
 * ../shared/data/real/he_muscle_wcchu with the platform's own pipeline
 * (tiled inference → the paper's post-processing → ImageJ features) and
 * evaluation (pixel F1, AP = TP/(TP+FP+FN) at IoU 0.5:0.95 against the
 * Cellpose masks), and compares fiber sizes with the Fiji Summary.csv.
 * Writes overlays (reference blue, prediction green) and metrics.json.
 *
 *   npm run eval:model -- [--model PATH] [--out DIR] [--threshold 210] [--params JSON]
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { measureFibers } from "@myoscope/core/features/measure-fibers";
import { evaluateSegmentation } from "@myoscope/core/metrics/evaluate-segmentation";
import { matchInstances } from "@myoscope/core/metrics/match-instances";
import { openLabelImage } from "@myoscope/worker/features/open-label-image";
import { DEFAULT_MODEL_PATH } from "@myoscope/worker/segmentation/default-model-path";
import { loadSegmentationModel } from "@myoscope/worker/segmentation/load-segmentation-model";
import { segmentImage } from "@myoscope/worker/segmentation/segment-image";
import sharp from "sharp";
import { REPO_ROOT } from "../lib/paths.ts";

const DATA = resolve(REPO_ROOT, "../shared/data/real/he_muscle_wcchu");
const TILES = ["sample_img_02", "sample_img_03"] as const;
// The Fiji macro's calibration (MANIFEST: X 0.2765, Y 0.2782 µm/px).
const MPP = 0.2774;

interface FijiRow {
  area: number;
  minFeret: number;
  feret: number;
  feretX: number;
  feretY: number;
}

async function readFijiRows(tile: string): Promise<FijiRow[]> {
  const text = await readFile(join(DATA, `measurements/${tile}_Summary.csv`), "utf8");
  const [header = "", ...lines] = text.trim().split(/\r?\n/);
  const names = header.split(",");
  const at = (cells: string[], name: string) => Number(cells[names.indexOf(name)]);
  return lines.map((line) => {
    const cells = line.split(",");
    return {
      area: at(cells, "Area"),
      minFeret: at(cells, "MinFeret"),
      feret: at(cells, "Feret"),
      feretX: at(cells, "FeretX"),
      feretY: at(cells, "FeretY"),
    };
  });
}

async function readLabels(path: string) {
  const image = await openLabelImage(path);
  try {
    return {
      labels: await image.readRows(0, image.height),
      width: image.width,
      height: image.height,
    };
  } finally {
    await image.close();
  }
}

function outline(labels: ArrayLike<number>, width: number, height: number, rgb: number[]) {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const label = labels[i] as number;
      if (label === 0) continue;
      if (
        labels[i - 1] !== label ||
        labels[i + 1] !== label ||
        labels[i - width] !== label ||
        labels[i + width] !== label
      ) {
        rgba.set([rgb[0] ?? 0, rgb[1] ?? 0, rgb[2] ?? 0, 255], i * 4);
      }
    }
  }
  return sharp(rgba, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const { values } = parseArgs({
  options: {
    model: { type: "string", default: DEFAULT_MODEL_PATH },
    out: { type: "string", default: "/tmp/myoscope-eval" },
    threshold: { type: "string" },
    params: { type: "string", default: "{}" },
  },
});
const outDir = resolve(values.out);
await mkdir(outDir, { recursive: true });
const model = await loadSegmentationModel(resolve(values.model), { threads: 2 });
const params = JSON.parse(values.params) as Record<string, unknown>;
if (values.threshold) {
  params.fibers = { ...(params.fibers as object), threshold: Number(values.threshold) };
}
const report: Record<string, unknown> = {
  model: resolve(values.model),
  sha256: model.sha256,
  mpp: MPP,
  postprocess: params,
  tiles: {},
};
const rows: string[] = [];
for (const tile of TILES) {
  const imagePath = join(DATA, `images/${tile}.tif`);
  const started = performance.now();
  const result = await segmentImage(model, imagePath, { imageMpp: MPP, postprocessParams: params });
  const seconds = (performance.now() - started) / 1000;
  const gt = await readLabels(join(DATA, `masks_cellpose/${tile}_cp_masks.png`));
  const size = { width: result.width, height: result.height };
  const pred = result.postprocess.labels;
  const evaluation = evaluateSegmentation(pred, gt.labels, size);

  // Fiji's fibers are Cellpose labels; find each by its Feret start point, then its prediction.
  const gtFibers = measureFibers(gt.labels, { ...size, mpp: MPP });
  const predFibers = new Map(result.postprocess.fibers.map((fiber) => [fiber.label, fiber]));
  const { matches } = matchInstances(pred, gt.labels, { ...size, iouThreshold: 0.5 });
  const predOfGt = new Map(matches.map((match) => [match.gt, match.pred]));
  const errors: { minFeret: number[]; area: number[] } = { minFeret: [], area: [] };
  const fiji = await readFijiRows(tile);
  let matchedFiji = 0;
  for (const row of fiji) {
    const gtFiber = gtFibers.find(
      (fiber) =>
        Math.abs(fiber.feretX - row.feretX) < 1.5 && Math.abs(fiber.feretY - row.feretY) < 1.5,
    );
    const predLabel = gtFiber ? predOfGt.get(gtFiber.label) : undefined;
    const predFiber = predLabel === undefined ? undefined : predFibers.get(predLabel);
    if (!predFiber) continue;
    matchedFiji++;
    errors.minFeret.push((predFiber.minFeretUm - row.minFeret) / row.minFeret);
    errors.area.push((predFiber.areaUm2 - row.area) / row.area);
  }
  const fijiMeanMinFeret = fiji.reduce((sum, row) => sum + row.minFeret, 0) / fiji.length;

  const [gtOutline, predOutline] = await Promise.all([
    outline(gt.labels, size.width, size.height, [40, 90, 255]),
    outline(pred, size.width, size.height, [0, 230, 60]),
  ]);
  await sharp(imagePath)
    .removeAlpha()
    .composite([{ input: gtOutline }, { input: predOutline }])
    .png()
    .toFile(join(outDir, `${tile}.overlay.png`));

  const ap = evaluation.instances;
  const ap50 = ap.averagePrecision[0] ?? 0;
  (report.tiles as Record<string, unknown>)[tile] = {
    seconds,
    pixel: evaluation.pixel,
    ap: {
      thresholds: ap.thresholds,
      averagePrecision: ap.averagePrecision,
      tp50: ap.truePositives[0],
      fp50: ap.falsePositives[0],
      fn50: ap.falseNegatives[0],
      predCount: ap.predCount,
      gtCount: ap.gtCount,
    },
    fiji: {
      fibers: fiji.length,
      matched: matchedFiji,
      medianRelativeErrorMinFeret: median(errors.minFeret),
      medianAbsRelativeErrorMinFeret: median(errors.minFeret.map(Math.abs)),
      medianRelativeErrorArea: median(errors.area),
      fijiMeanMinFeretUm: fijiMeanMinFeret,
    },
    counts: result.postprocess.summary.counts,
  };
  rows.push(
    `${tile}  F1 ${evaluation.pixel.f1.toFixed(3)}  P ${evaluation.pixel.precision.toFixed(3)}  R ${evaluation.pixel.recall.toFixed(3)}  ` +
      `AP50 ${ap50.toFixed(3)} (TP ${ap.truePositives[0]} FP ${ap.falsePositives[0]} FN ${ap.falseNegatives[0]})  ` +
      `mAP ${ap.meanAveragePrecision.toFixed(3)}  Fiji MinFeret median err ${(100 * median(errors.minFeret)).toFixed(1)}% ` +
      `(|err| ${(100 * median(errors.minFeret.map(Math.abs))).toFixed(1)}%, ${matchedFiji}/${fiji.length} fibers)  ${seconds.toFixed(1)} s`,
  );
}
await model.release();
await writeFile(join(outDir, "metrics.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(rows.join("\n"));
console.log(`overlays and metrics.json in ${outDir}`);
