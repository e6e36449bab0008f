/**
 * @module viewer/render-run-overlay-tile
 * The overlay tile route's use case: a succeeded run of the project, its mask
 * raster and the palette of the requested mode (cached per run version, mode and
 * scale), rendered and PNG-encoded. Anything not found is NOT_FOUND, so tile URLs
 * of other projects reveal nothing.
 */

import { AppError } from "@myoscope/core/errors/app-error";
import { buildOverlayPalette } from "@myoscope/core/viewer/build-overlay-palette";
import { createColorScale } from "@myoscope/core/viewer/color-scale";
import { getOverlayVersion } from "@myoscope/core/viewer/get-overlay-version";
import type { FiberFeatureKey, OverlayMode } from "@myoscope/core/viewer/overlay-modes";
import { findSegmentationRun } from "@myoscope/db/segmentation-runs";
import type { AppDeps } from "../deps.ts";
import { getProjectFeatureRange } from "./get-project-feature-range.ts";
import { getRunFiberLookup } from "./get-run-fiber-lookup.ts";
import { createLruCache } from "./lru-cache.ts";
import {
  encodeTilePng,
  getEmptyTilePng,
  renderLabelOverlayTile,
  renderMaskOverlayTile,
  type TileAddress,
} from "./render-overlay-tile.ts";
import { getRunRaster, type RunRef } from "./run-rasters.ts";

export interface RunOverlayTileInput extends TileAddress {
  projectId: string;
  runId: string;
  mode: OverlayMode;
  feature: FiberFeatureKey;
  /** Feature scale; the project's 2nd–98th percentile when absent. */
  min?: number;
  max?: number;
  /** Abnormal thresholds (small < lo, large > hi). */
  lo?: number;
  hi?: number;
}

const palettes = createLruCache<Uint32Array>({ maxEntries: 64 });

/** A succeeded run of the project with a known image size, as the viewer needs it. */
export async function findViewableRun(
  db: AppDeps["db"],
  input: { projectId: string; runId: string },
): Promise<RunRef & { width: number; height: number; paletteVersion: number }> {
  const run = await findSegmentationRun(db, input);
  const { width, height } = run?.section ?? {};
  if (run?.status !== "succeeded" || !width || !height) {
    throw new AppError("NOT_FOUND", "segmentation run not found or not finished");
  }
  return {
    id: run.id,
    projectId: run.projectId,
    sectionId: run.sectionId,
    version: run.finishedAt?.getTime() ?? 0,
    paletteVersion: getOverlayVersion(run),
    width,
    height,
  };
}

async function getPalette(
  deps: Pick<AppDeps, "db">,
  run: RunRef & { paletteVersion: number },
  input: RunOverlayTileInput,
) {
  const mode = input.mode;
  if (mode === "connective" || mode === "thickness") throw new Error("mask modes have no palette");
  if (mode === "abnormal" && (input.lo === undefined || input.hi === undefined)) {
    throw new AppError("BAD_REQUEST", "abnormal overlay needs lo and hi (µm)");
  }
  let min = input.min;
  let max = input.max;
  if (mode === "feature" && (min === undefined || max === undefined)) {
    const range = await getProjectFeatureRange(deps.db, input);
    min = range.min;
    max = range.max;
  }
  if (mode === "feature" && !((max as number) > (min as number))) {
    throw new AppError("BAD_REQUEST", `feature scale needs min < max, got ${min} and ${max}`);
  }
  // Fiber flags change when regions are re-applied; the label raster does not.
  const version = run.paletteVersion;
  const key = [run.id, version, mode, input.feature, min, max, input.lo, input.hi].join(":");
  return palettes.getOrLoad(key, async () => {
    const lookup = await getRunFiberLookup(deps.db, { ...input, version });
    return buildOverlayPalette(lookup, {
      mode,
      ...(mode === "feature"
        ? { scale: createColorScale({ min: min as number, max: max as number }) }
        : {}),
      ...(mode === "abnormal" ? { lo: input.lo as number, hi: input.hi as number } : {}),
    });
  });
}

/** PNG bytes of one overlay tile. */
export async function renderRunOverlayTile(
  deps: Pick<AppDeps, "db" | "storage">,
  input: RunOverlayTileInput,
): Promise<Buffer> {
  const run = await findViewableRun(deps.db, input);
  const image = { width: run.width, height: run.height };
  let rgba: Uint8Array | null;
  try {
    if (input.mode === "connective" || input.mode === "thickness") {
      const raster = await getRunRaster(deps.storage, run, input.mode);
      rgba = await renderMaskOverlayTile(raster, image, input);
    } else {
      const [raster, palette] = await Promise.all([
        getRunRaster(deps.storage, run, "labels"),
        getPalette(deps, run, input),
      ]);
      rgba = await renderLabelOverlayTile(raster, image, input, {
        palette,
        style: input.mode === "contour" ? "outline" : "fill",
      });
    }
  } catch (error) {
    // A level, column or row outside the pyramid.
    if (error instanceof RangeError) throw new AppError("NOT_FOUND", error.message);
    throw error;
  }
  return rgba ? encodeTilePng(rgba) : getEmptyTilePng();
}
