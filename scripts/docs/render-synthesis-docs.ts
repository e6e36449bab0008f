/**
 * @module docs/render-synthesis-docs
 * `npm run docs:synthesis [-- --only sweeps,realism,overlay,stats]`
 *
 * Renders the pictures of docs/synthesis.md into docs/images/synthesis/ and
 * measures the synthetic presets against the real H&E images:
 * - one contact sheet per parameter, sweeping it across its range with every
 *   other parameter at the he-ffpe midpoint (the right half of each cell shows
 *   the ground-truth outlines);
 * - each preset next to each real image, rendered at the real image's µm/px;
 * - a ground-truth overlay (instances, boundary class, 3-class mask);
 * - H and E optical density in fibers and connective tissue, fiber sizes and
 *   nuclei density, printed and written between the GENERATED markers of the doc.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SYNTHESIS_PRESETS, type SynthesisPresetName } from "@myoscope/core/synthesis/presets";
import { sampleSynthesisParams } from "@myoscope/core/synthesis/sample-synthesis-params";
import {
  SYNTHESIS_INTEGER_KEYS,
  SYNTHESIS_PARAM_KEYS,
  type SynthesisParams,
  synthesisParamsSchema,
} from "@myoscope/core/synthesis/synthesis-params";
import type { SynthesisRanges } from "@myoscope/core/synthesis/synthesis-ranges";
import { synthesizeImage } from "@myoscope/core/synthesis/synthesize-image";
import { deriveImageSeed } from "@myoscope/worker/synthesis/derive-image-seed";
import { describeGenerator } from "@myoscope/worker/synthesis/describe-generator";
import { REPO_ROOT } from "../lib/paths.ts";
import { composeRow, cropRgb, type RgbImage, writeDocsJpeg, zoomRgb } from "./compose-panels.ts";
import { drawClasses, drawInstances, drawOutlines } from "./draw-label-overlay.ts";
import { formatRealismReport, type RealismSource } from "./format-realism-report.ts";
import { createMeasurements, measureHeImage } from "./measure-he-image.ts";
import { readRealReferences } from "./real-references.ts";

const IMAGES_DIR = join(REPO_ROOT, "docs/images/synthesis");
const DOC_PATH = join(REPO_ROOT, "docs/synthesis.md");
const PRESET_NAMES = Object.keys(SYNTHESIS_PRESETS) as SynthesisPresetName[];

const { values: flags } = parseArgs({
  options: {
    only: { type: "string", default: "sweeps,realism,overlay,stats" },
    cell: { type: "string", default: "384" },
    "stats-images": { type: "string", default: "6" },
    "stats-size": { type: "string", default: "768" },
    seed: { type: "string", default: "7" },
    /** Comma-separated parameter names: sweep only these (and keep the other sheets). */
    params: { type: "string" },
  },
});
const only = new Set(flags.only.split(","));
const CELL = Number(flags.cell);
const STATS_IMAGES = Number(flags["stats-images"]);
const STATS_SIZE = Number(flags["stats-size"]);
const SEED = Number(flags.seed);

type ParamKey = keyof SynthesisParams;

function schemaBounds(key: ParamKey): [number, number] {
  const field = synthesisParamsSchema.shape[key];
  return [field.minValue ?? 0, field.maxValue ?? 1];
}

/** Every parameter at the middle of its range in `ranges`. */
export function midpointParams(ranges: SynthesisRanges): SynthesisParams {
  const params: Record<string, number> = {};
  for (const key of SYNTHESIS_PARAM_KEYS) {
    const range = ranges[key];
    const mid = typeof range === "number" ? range : (range[0] + range[1]) / 2;
    params[key] = SYNTHESIS_INTEGER_KEYS.has(key) ? Math.round(mid) : mid;
  }
  return params as SynthesisParams;
}

/**
 * The values a contact sheet shows: unitless strengths and fractions (schema
 * range inside [-1, 1]) sweep their whole schema range, where the effect is
 * clearest; parameters with units sweep the span of the presets, which is what
 * datasets contain, or the schema range when every preset fixes them.
 */
function sweepValues(key: ParamKey, count = 5): number[] {
  const fixed = SWEEP_VALUES[key];
  if (fixed) return fixed;
  const [schemaMin, schemaMax] = schemaBounds(key);
  let [lo, hi] = [schemaMin, schemaMax];
  if (schemaMin < -1 || schemaMax > 1) {
    const spans = PRESET_NAMES.map((name) => SYNTHESIS_PRESETS[name][key]).map((range) =>
      typeof range === "number" ? [range, range] : range,
    );
    const presetMin = Math.min(...spans.map((span) => span[0] ?? 0));
    const presetMax = Math.max(...spans.map((span) => span[1] ?? 0));
    if (presetMax > presetMin) [lo, hi] = [presetMin, presetMax];
  }
  const values = Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
  if (!SYNTHESIS_INTEGER_KEYS.has(key)) return values;
  return [...new Set(values.map(Math.round))];
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function render(params: SynthesisParams, width: number, height: number, seed: number) {
  return synthesizeImage(params, { width, height, seed });
}

/** Sweeps that an even spread of the default range would show badly. */
const SWEEP_VALUES: Partial<Record<ParamKey, number[]>> = {
  // Fixed at 2 in every preset; an even spread of its 1–16 range would skip the useful widths.
  boundaryWidthPx: [1, 2, 3, 5, 8],
  // The presets' spans of these are too narrow to see at a glance; show more of the schema range.
  vesselDensity: [0, 5, 10, 15, 20],
  fatCellDensity: [0, 1.25, 2.5, 3.75, 5],
  hematoxylinConcentration: [0.3, 0.7, 1.1, 1.6, 2.2],
  nucleusLengthUm: [4, 6.5, 9, 12, 15],
  nucleusWidthUm: [1.5, 2.5, 3.5, 5, 7],
  speckleSizeUm: [0.6, 1, 1.5, 2.5, 4],
  membraneWidthPx: [0.5, 1, 2, 3, 4],
  blurSigmaPx: [0, 0.5, 1, 2, 4],
  noiseSigma: [0, 4, 8, 15, 30],
  crackCount: [0, 1, 2, 4, 8],
  foldCount: [0, 1, 2, 3, 5],
  // Values ≥ 1 (tissueCoverage) and ≤ 0 (speckleAmount) all mean "off"; sweep the visible part.
  tissueCoverage: [0.3, 0.5, 0.7, 0.85, 1],
  speckleAmount: [0, 0.25, 0.5, 0.75, 1],
};

/** Wide perimysium and endomysium, where connective-tissue parameters show. */
const WIDE_CONNECTIVE_TISSUE: Partial<SynthesisParams> = {
  fascicleFibers: 25,
  perimysiumWidthUm: 40,
  endomysiumWidthUm: 6,
  tightContactFraction: 0.2,
};

/** Every contact a membrane line, where the membrane parameters show. */
const ALL_CONTACTS_TIGHT: Partial<SynthesisParams> = { tightContactFraction: 1 };

/**
 * Parameters whose effect only shows when another one is on get that one set
 * for their sheet (the he-ffpe midpoint has no vacuoles, little loosening, …).
 */
const SWEEP_CONTEXT: Partial<Record<ParamKey, Partial<SynthesisParams>>> = {
  vacuoleSizeUm: { vacuoleFraction: 0.5 },
  looseningWidthUm: { looseningFraction: 0.3 },
  tissueEdgeRoughness: { tissueCoverage: 0.6 },
  backgroundTint: { backgroundOd: 0.15 },
  vesselDensity: WIDE_CONNECTIVE_TISSUE,
  fatCellDensity: WIDE_CONNECTIVE_TISSUE,
  connectiveDensity: WIDE_CONNECTIVE_TISSUE,
  connectiveStain: WIDE_CONNECTIVE_TISSUE,
  interstitialNucleiDensity: WIDE_CONNECTIVE_TISSUE,
  interstitialClustering: { ...WIDE_CONNECTIVE_TISSUE, interstitialNucleiDensity: 60 },
  membraneContrast: { ...ALL_CONTACTS_TIGHT, membraneWidthPx: 2 },
  membraneWidthPx: { ...ALL_CONTACTS_TIGHT, membraneContrast: -0.8 },
  speckleSizeUm: { speckleAmount: 0.8 },
  mottleScaleUm: { mottleAmplitude: 0.6 },
  hematoxylinHueShift: { centralNucleiFraction: 1, hematoxylinConcentration: 1.6 },
};

/**
 * Base of every sheet: the he-ffpe midpoint without the fold and crack that
 * rounding its integer midpoints would put into every cell.
 */
function sweepBase(): SynthesisParams {
  return { ...midpointParams(SYNTHESIS_PRESETS["he-ffpe"]), foldCount: 0, crackCount: 0 };
}

/** Left half from `left`, right half from `right`, with a white divider. */
function splitCell(left: RgbImage, right: RgbImage): RgbImage {
  const { width, height } = left;
  const rgb = Uint8Array.from(left.rgb);
  const half = width / 2;
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    rgb.set(right.rgb.subarray(row + half * 3, row + width * 3), row + half * 3);
    rgb.fill(255, row + half * 3, row + half * 3 + 3);
  }
  return { width, height, rgb };
}

async function renderSweeps(sizes: Map<string, number>): Promise<void> {
  const keys =
    flags.params === undefined
      ? SYNTHESIS_PARAM_KEYS
      : SYNTHESIS_PARAM_KEYS.filter((key) => flags.params?.split(",").includes(key));
  for (const key of keys) {
    const start = performance.now();
    const values = sweepValues(key);
    const context = SWEEP_CONTEXT[key] ?? {};
    const base = { ...sweepBase(), ...context };
    const cells: RgbImage[] = values.map((value) => {
      const image = render({ ...base, [key]: value }, CELL, CELL, SEED);
      // The boundary width changes only the class mask, so that sheet shows the mask.
      return key === "boundaryWidthPx"
        ? splitCell(image, drawClasses(image.classes, CELL, CELL))
        : drawOutlines(image, image.labels, CELL / 2);
    });
    const description = synthesisParamsSchema.shape[key].description ?? "";
    const enabledBy = Object.entries(context).map(
      ([name, value]) => `${name} = ${formatValue(value)}`,
    );
    const title = `${key}: ${description}${enabledBy.length > 0 ? ` (with ${enabledBy.join(", ")})` : ""}`;
    const row = await composeRow(
      cells,
      values.map((value) => `${key} = ${formatValue(value)}`),
      title,
    );
    const file = `sweep-${key}.jpg`;
    sizes.set(file, await writeDocsJpeg(row, join(IMAGES_DIR, file), 50));
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    console.error(`sweep ${key}: ${values.map(formatValue).join(", ")} (${seconds} s)`);
  }
}

async function renderRealism(sizes: Map<string, number>): Promise<void> {
  const references = await readRealReferences();
  const panels: { id: string; crop: [number, number, number, number]; zoom: number }[] = [
    { id: "wcchu-02", crop: [245, 245, 512, 512], zoom: 1 },
    { id: "strange2014", crop: [300, 150, 512, 512], zoom: 1 },
    // A small patch: shown twice as large (real and synthetic alike).
    { id: "fibersight-v52", crop: [0, 0, 279, 219], zoom: 2 },
  ];
  for (const { id, crop, zoom } of panels) {
    const reference = references.find((candidate) => candidate.id === id);
    if (!reference) throw new Error(`no real reference ${id}`);
    const [left, top, width, height] = crop;
    const real = cropRgb(reference, left, top, width, height);
    const synthetic = PRESET_NAMES.map((preset) => {
      const params = { ...midpointParams(SYNTHESIS_PRESETS[preset]), mpp: reference.mpp };
      return render(params, width, height, SEED);
    });
    const row = await composeRow(
      await Promise.all([real, ...synthetic].map((image) => zoomRgb(image, zoom))),
      [`real: ${id}`, ...PRESET_NAMES.map((preset) => `synthetic: ${preset}`)],
      `${reference.title}, ${reference.mpp} µm/px (${reference.mppSource}); presets at their midpoint, same µm/px`,
    );
    const file = `realism-${id}.jpg`;
    sizes.set(file, await writeDocsJpeg(row, join(IMAGES_DIR, file), 70));
    console.error(`realism ${id}`);
  }
}

async function renderOverlay(sizes: Map<string, number>): Promise<void> {
  const params = midpointParams(SYNTHESIS_PRESETS["he-ffpe"]);
  const size = 448;
  const image = render(params, size, size, SEED);
  const row = await composeRow(
    [
      image,
      drawOutlines(image, image.labels),
      drawInstances(image, image.labels, image.classes),
      drawClasses(image.classes, size, size),
    ],
    [
      "<name>.png",
      "instance outlines (<name>.labels.png)",
      "instances + boundary class (white)",
      "<name>.classes.png: 0 / 1 / 2",
    ],
    `Ground truth of one he-ffpe image (midpoint parameters, ${params.mpp.toFixed(3)} µm/px, boundary width ${params.boundaryWidthPx} px)`,
  );
  const file = "labels-overlay.jpg";
  sizes.set(file, await writeDocsJpeg(row, join(IMAGES_DIR, file), 72));
  console.error("overlay");
}

async function measureRealism(): Promise<RealismSource[]> {
  const sources: RealismSource[] = [];
  for (const reference of await readRealReferences()) {
    const measurements = createMeasurements();
    measureHeImage(reference, measurements);
    sources.push({
      name: reference.id,
      kind: "real",
      images: 1,
      mpp: reference.mpp.toFixed(3),
      hasLabels: reference.labels !== null,
      measurements,
    });
  }
  for (const preset of PRESET_NAMES) {
    const measurements = createMeasurements();
    const mpps: number[] = [];
    for (let index = 0; index < STATS_IMAGES; index++) {
      const seed = deriveImageSeed(SEED, index);
      const params = sampleSynthesisParams(SYNTHESIS_PRESETS[preset], { seed });
      const image = render(params, STATS_SIZE, STATS_SIZE, seed);
      mpps.push(params.mpp);
      measureHeImage({ ...image, mpp: params.mpp }, measurements);
    }
    sources.push({
      name: preset,
      kind: "synthetic",
      images: STATS_IMAGES,
      mpp: `${Math.min(...mpps).toFixed(2)}–${Math.max(...mpps).toFixed(2)}`,
      hasLabels: true,
      measurements,
    });
    console.error(`stats ${preset}: ${STATS_IMAGES} images of ${STATS_SIZE}²`);
  }
  return sources;
}

async function replaceGenerated(name: string, content: string): Promise<void> {
  const begin = `<!-- BEGIN GENERATED: ${name} (npm run docs:synthesis) -->`;
  const end = `<!-- END GENERATED: ${name} -->`;
  const doc = await readFile(DOC_PATH, "utf8");
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${DOC_PATH} lacks the markers of ${name}`);
  await writeFile(DOC_PATH, `${doc.slice(0, from + begin.length)}\n${content}\n${doc.slice(to)}`);
}

/** Every parameter must have its own section in the doc. */
async function checkDocumentedParameters(): Promise<void> {
  const doc = await readFile(DOC_PATH, "utf8");
  const missing = SYNTHESIS_PARAM_KEYS.filter((key) => !doc.includes(`#### \`${key}\``));
  if (missing.length > 0)
    console.error(`WARNING: docs/synthesis.md does not explain ${missing.join(", ")}`);
}

function formatParameterTable(): string {
  const range = (value: SynthesisRanges[ParamKey]) =>
    typeof value === "number"
      ? formatValue(value)
      : `${formatValue(value[0])}–${formatValue(value[1])}`;
  const lines = [
    `| parameter | allowed | ${PRESET_NAMES.join(" | ")} | picture |`,
    `|---|---|${PRESET_NAMES.map(() => "---").join("|")}|---|`,
  ];
  for (const key of SYNTHESIS_PARAM_KEYS) {
    const [min, max] = schemaBounds(key);
    const presets = PRESET_NAMES.map((name) => range(SYNTHESIS_PRESETS[name][key]));
    lines.push(
      `| \`${key}\` | ${formatValue(min)}–${formatValue(max)} | ${presets.join(" | ")} | [sweep](images/synthesis/sweep-${key}.jpg) |`,
    );
  }
  return lines.join("\n");
}

await mkdir(IMAGES_DIR, { recursive: true });
const sizes = new Map<string, number>();
if (only.has("sweeps") && flags.params === undefined) {
  // Parameters may have been renamed or removed since the last run.
  for (const file of await readdir(IMAGES_DIR)) {
    if (file.startsWith("sweep-")) await rm(join(IMAGES_DIR, file));
  }
}
if (only.has("sweeps")) await renderSweeps(sizes);
if (only.has("realism")) await renderRealism(sizes);
if (only.has("overlay")) await renderOverlay(sizes);
await replaceGenerated("parameter-table", formatParameterTable());
if (only.has("stats")) {
  const report = formatRealismReport(
    await measureRealism(),
    (await describeGenerator()).sourceHash,
  );
  console.log(report);
  await replaceGenerated("realism-stats", report);
}
await checkDocumentedParameters();
let total = 0;
for (const file of await readdir(IMAGES_DIR)) {
  const { byteLength } = await readFile(join(IMAGES_DIR, file));
  total += byteLength;
  if (byteLength > 150 * 1024)
    console.error(`WARNING: ${file} is ${(byteLength / 1024).toFixed(0)} KB`);
}
console.error(
  `wrote ${sizes.size} pictures this run; docs/images/synthesis holds ${(total / 1024).toFixed(0)} KB`,
);
