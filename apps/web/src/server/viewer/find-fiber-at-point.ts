/**
 * @module viewer/find-fiber-at-point
 * The fiber under a level-0 pixel of a run: one sample of the run's label raster,
 * then that label's row. Background (label 0) or a point outside the image is null.
 */
import { type FiberDetailDto, findFiberByLabel } from "@myoscope/db/fiber-lookup";
import type { AppDeps } from "../deps.ts";
import { findViewableRun } from "./render-run-overlay-tile.ts";
import { getRunRaster } from "./run-rasters.ts";

export async function findFiberAtPoint(
  deps: Pick<AppDeps, "db" | "storage">,
  input: { projectId: string; runId: string; x: number; y: number },
): Promise<FiberDetailDto | null> {
  const run = await findViewableRun(deps.db, input);
  const x = Math.floor(input.x);
  const y = Math.floor(input.y);
  if (x < 0 || y < 0 || x >= run.width || y >= run.height) return null;
  const raster = await getRunRaster(deps.storage, run, "labels");
  const sample = new Uint16Array(1);
  const scaleX = raster.width / run.width;
  const scaleY = raster.height / run.height;
  await raster.sampleGrid(
    Int32Array.of(Math.min(raster.width - 1, Math.floor(x * scaleX))),
    Int32Array.of(Math.min(raster.height - 1, Math.floor(y * scaleY))),
    sample,
    1,
  );
  const label = sample[0] as number;
  if (label === 0) return null;
  return findFiberByLabel(deps.db, { projectId: input.projectId, runId: run.id, label });
}
