/**
 * @module viewer/run-rasters
 * Which stored mask of a segmentation run backs which overlay, and where its raw
 * raster lives: `<run prefix>viewer/<mask>-<finishedAt ms>.raw`, so a re-run (new
 * finish time) never reads the raster decoded from an older attempt's PNG.
 */
import { AppError } from "@myoscope/core/errors/app-error";
import {
  getSegmentationFileKey,
  getSegmentationRunPrefix,
} from "@myoscope/storage/segmentation-keys";
import type { Storage } from "@myoscope/storage/storage";
import { getRawRaster, type RasterFormat, type RawRaster } from "./raw-raster.ts";

export type RunMask = "labels" | "connective" | "thickness";

const MASK_FORMAT: Record<RunMask, RasterFormat> = {
  labels: "uint16",
  connective: "uint8",
  thickness: "rgba",
};

export interface RunRef {
  id: string;
  projectId: string;
  sectionId: string;
  /** The run's finish time in ms: the version of its masks. */
  version: number;
}

export async function getRunRaster(
  storage: Storage,
  run: RunRef,
  mask: RunMask,
): Promise<RawRaster> {
  const prefix = getSegmentationRunPrefix(run.projectId, run.sectionId, run.id);
  const pngKey = getSegmentationFileKey({ ...run, id: run.id }, mask);
  const rawKey = `${prefix}viewer/${mask}-${run.version}.raw`;
  if (!(await storage.exists(`${rawKey}.json`)) && !(await storage.exists(pngKey))) {
    throw new AppError("NOT_FOUND", `this run has no ${mask} image`);
  }
  return getRawRaster(storage, { pngKey, rawKey, format: MASK_FORMAT[mask] });
}
