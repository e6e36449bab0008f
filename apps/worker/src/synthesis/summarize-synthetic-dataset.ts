/**
 * @module synthesis/summarize-synthetic-dataset
 * Dataset statistics for the gallery, measured from the written label images
 * (not from the requested parameters), so they show what a model will see.
 */
import { readFile } from "node:fs/promises";
import type { SynthesisRunStats } from "@myoscope/db/synthesis-runs";
import { decode } from "fast-png";

const BIN_WIDTH_UM = 5;
const BIN_COUNT = 30;

interface ImageSummary {
  mpp: number;
  fiberCount: number;
  stats: unknown;
}

function readCentralNucleiFraction(stats: unknown): number | null {
  if (stats === null || typeof stats !== "object") return null;
  // The engine's measured share of fibers with a central nucleus (SynthesisStats).
  const value = (stats as Record<string, unknown>).fibersWithCentralNucleusFraction;
  return typeof value === "number" ? value : null;
}

export async function summarizeSyntheticDataset(
  images: readonly ImageSummary[],
  labelFiles: readonly string[],
): Promise<SynthesisRunStats> {
  const counts = new Array<number>(BIN_COUNT).fill(0);
  let diameterSum = 0;
  let measured = 0;
  for (const [i, file] of labelFiles.entries()) {
    const mpp = images[i]?.mpp ?? 1;
    const png = decode(await readFile(file));
    const labels = png.data as Uint16Array;
    const areas = new Map<number, number>();
    for (let p = 0; p < labels.length; p++) {
      const label = labels[p] as number;
      if (label !== 0) areas.set(label, (areas.get(label) ?? 0) + 1);
    }
    for (const area of areas.values()) {
      const diameter = 2 * Math.sqrt((area * mpp * mpp) / Math.PI);
      diameterSum += diameter;
      measured++;
      const bin = Math.min(BIN_COUNT - 1, Math.floor(diameter / BIN_WIDTH_UM));
      counts[bin] = (counts[bin] ?? 0) + 1;
    }
  }
  const fractions = images
    .map((image) => readCentralNucleiFraction(image.stats))
    .filter((value): value is number => value !== null);
  const mpps = images.map((image) => image.mpp);
  const fiberCount = images.reduce((sum, image) => sum + image.fiberCount, 0);
  return {
    imageCount: images.length,
    fiberCount,
    meanFibersPerImage: images.length ? fiberCount / images.length : 0,
    diameterHistogram: { binStartUm: 0, binWidthUm: BIN_WIDTH_UM, counts },
    meanDiameterUm: measured ? diameterSum / measured : 0,
    centralNucleiFraction: fractions.length
      ? fractions.reduce((a, b) => a + b, 0) / fractions.length
      : 0,
    mppRange: [Math.min(...mpps), Math.max(...mpps)],
  };
}
