/**
 * Agreement with Fiji's own measurements of the same fibers: the Cellpose masks
 * of WeiChenChu/central-nuclei-muscle-analyzer and the Summary.csv its macro
 * wrote (Area, Perim., Feret, FeretX/Y, FeretAngle, MinFeret for the size- and
 * edge-filtered ROIs), with the macro's calibration 0.2765 × 0.2782 µm/px.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { inflateRawSync } from "node:zlib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { tracedPerimeter } from "../geometry/traced-perimeter.ts";
import type { FiberFeatures } from "./fiber-features.ts";
import { measureFibers } from "./measure-fibers.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../../../..");
const DATA = resolve(REPO_ROOT, "../shared/data/real/he_muscle_wcchu");
const TILES = ["sample_img_02", "sample_img_03"];
const MPP_X = 0.2765;
const MPP_Y = 0.2782;

interface FijiRow {
  name: string;
  area: number;
  perimeter: number;
  feret: number;
  feretX: number;
  feretY: number;
  feretAngle: number;
  minFeret: number;
}

function readSummary(tile: string): FijiRow[] {
  const [header, ...lines] = readFileSync(resolve(DATA, `measurements/${tile}_Summary.csv`), "utf8")
    .trim()
    .split(/\r?\n/);
  const columns = (header as string).split(",");
  const at = (cells: string[], name: string) => Number(cells[columns.indexOf(name)]);
  return lines.map((line) => {
    const cells = line.split(",");
    return {
      name: cells[columns.indexOf("Label")] as string,
      area: at(cells, "Area"),
      perimeter: at(cells, "Perim."),
      feret: at(cells, "Feret"),
      feretX: at(cells, "FeretX"),
      feretY: at(cells, "FeretY"),
      feretAngle: at(cells, "FeretAngle"),
      minFeret: at(cells, "MinFeret"),
    };
  });
}

async function measureTile(tile: string, mpp: number, mppY: number): Promise<FiberFeatures[]> {
  const { data, info } = await sharp(resolve(DATA, `masks_cellpose/${tile}_cp_masks.png`))
    .toColourspace("grey16")
    .raw({ depth: "ushort" })
    .toBuffer({ resolveWithObject: true });
  const labels = new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
  return measureFibers(labels, { width: info.width, height: info.height, mpp, mppY });
}

/** Pairs each Fiji row with our fiber by position (Feret start point) and area. */
function matchFibers(rows: FijiRow[], fibers: FiberFeatures[]): [FijiRow, FiberFeatures][] {
  return rows.map((row) => {
    let best = fibers[0] as FiberFeatures;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const fiber of fibers) {
      const distance = Math.hypot(fiber.feretX - row.feretX, fiber.feretY - row.feretY);
      const score = distance + (100 * Math.abs(fiber.areaUm2 - row.area)) / row.area;
      if (score < bestScore) {
        bestScore = score;
        best = fiber;
      }
    }
    return [row, best];
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function relativeErrors(mpp: number, mppY: number) {
  const errors = {
    area: [] as number[],
    perimeter: [] as number[],
    feret: [] as number[],
    minFeret: [] as number[],
  };
  const pairs: [FijiRow, FiberFeatures][] = [];
  for (const tile of TILES) {
    const matched = matchFibers(readSummary(tile), await measureTile(tile, mpp, mppY));
    expect(new Set(matched.map(([, fiber]) => fiber.label)).size).toBe(matched.length);
    pairs.push(...matched);
  }
  for (const [row, fiber] of pairs) {
    errors.area.push(Math.abs(fiber.areaUm2 - row.area) / row.area);
    errors.perimeter.push(Math.abs(fiber.perimeterUm - row.perimeter) / row.perimeter);
    errors.feret.push(Math.abs(fiber.feretUm - row.feret) / row.feret);
    errors.minFeret.push(Math.abs(fiber.minFeretUm - row.minFeret) / row.minFeret);
  }
  return { errors, pairs };
}

/** ImageJ RoiSet .zip → traced polygons by entry name (stored or deflated entries). */
function readTracedRois(path: string): Map<string, Int32Array> {
  const zip = readFileSync(path);
  const rois = new Map<string, Int32Array>();
  // Entry sizes live in the central directory (local headers may defer them).
  let end = zip.length - 22;
  while (zip.readUInt32LE(end) !== 0x06054b50) end--;
  let entry = zip.readUInt32LE(end + 16);
  for (let e = 0; e < zip.readUInt16LE(end + 10); e++) {
    const method = zip.readUInt16LE(entry + 10);
    const compressedSize = zip.readUInt32LE(entry + 20);
    const nameLength = zip.readUInt16LE(entry + 28);
    const name = zip.toString("latin1", entry + 46, entry + 46 + nameLength);
    const local = zip.readUInt32LE(entry + 42);
    entry += 46 + nameLength + zip.readUInt16LE(entry + 30) + zip.readUInt16LE(entry + 32);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressedSize);
    const roi = method === 8 ? inflateRawSync(raw) : raw;
    // Header: "Iout", version, type (8 = traced), top, left, …, n at 16; then x[], y[] as int16.
    if (roi.readUInt8(6) !== 8) continue;
    const top = roi.readInt16BE(8);
    const left = roi.readInt16BE(10);
    const n = roi.readUInt16BE(16);
    const polygon = new Int32Array(2 * n);
    for (let i = 0; i < n; i++) {
      polygon[2 * i] = left + roi.readInt16BE(64 + 2 * i);
      polygon[2 * i + 1] = top + roi.readInt16BE(64 + 2 * n + 2 * i);
    }
    rois.set(name.replace(/\.roi$/, ""), polygon);
  }
  return rois;
}

describe("measureFibers(labels, options) against Fiji", () => {
  it("reproduces Fiji's Area, Feret, MinFeret and FeretAngle to its printed digits at 0.2765 × 0.2782 µm/px", async () => {
    const { errors, pairs } = await relativeErrors(MPP_X, MPP_Y);
    expect(pairs.length).toBe(70);
    // Summary.csv prints 3 decimals: ≤ 0.0005 / value ≈ 1e-5 for these sizes.
    expect(Math.max(...errors.area)).toBeLessThan(1e-4);
    expect(Math.max(...errors.feret)).toBeLessThan(1e-4);
    expect(Math.max(...errors.minFeret)).toBeLessThan(1e-4);
    for (const [row, fiber] of pairs)
      expect(Math.abs(fiber.feretAngle - row.feretAngle)).toBeLessThan(0.001);
  });

  it("matches Fiji's Perim. within one traced corner, the start-vertex effect ImageJ documents", async () => {
    const { errors, pairs } = await relativeErrors(MPP_X, MPP_Y);
    const corner = MPP_X + MPP_Y - Math.hypot(MPP_X, MPP_Y);
    for (const [row, fiber] of pairs) {
      expect(Math.abs(fiber.perimeterUm - row.perimeter)).toBeLessThanOrEqual(corner + 0.0005);
    }
    expect(median(errors.perimeter)).toBeLessThan(0.002);
  });

  it("gives Fiji's Perim. exactly for Fiji's own traced ROI polygons (same formula, Fiji's start vertex)", () => {
    const rows = readSummary("sample_img_02");
    const rois = readTracedRois(resolve(DATA, "rois_csa/sample_img_02_cp_masks_ROI_CSA.zip"));
    let compared = 0;
    for (const row of rows) {
      const index = row.name.split(":")[1]?.split("_")[0];
      const polygon = rois.get(`Label_${index}`);
      if (!polygon) continue;
      const perimeter = tracedPerimeter(polygon, { pixelWidth: MPP_X, pixelHeight: MPP_Y });
      expect(Math.abs(perimeter - row.perimeter)).toBeLessThan(0.0006);
      compared++;
    }
    expect(compared).toBeGreaterThan(30);
  });

  it("meets the acceptance medians (area ≤ 1 %, Feret and MinFeret ≤ 2 %, perimeter ≤ 5 %) at the nominal isotropic 0.2774 µm/px", async () => {
    const { errors } = await relativeErrors(0.2774, 0.2774);
    expect(median(errors.area)).toBeLessThanOrEqual(0.01);
    expect(median(errors.feret)).toBeLessThanOrEqual(0.02);
    expect(median(errors.minFeret)).toBeLessThanOrEqual(0.02);
    expect(median(errors.perimeter)).toBeLessThanOrEqual(0.05);
  });
});
