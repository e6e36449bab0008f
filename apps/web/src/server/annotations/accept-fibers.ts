/**
 * @module annotations/accept-fibers
 * Copies a segmentation run's fibers into `fiber` annotations (ground truth to
 * edit): from each fiber's stored contour, or traced from the run's labels.png
 * where none was stored. Idempotent: labels already accepted (live) are skipped,
 * and concurrent accepts of one section are serialised.
 */

import { measurePolygonBounds } from "@myoscope/core/annotations/measure-polygon";
import { type PolygonGeometry, toClosedRing } from "@myoscope/core/annotations/polygon-geometry";
import { traceLabelPolygons } from "@myoscope/core/annotations/trace-mask-polygons";
import { AppError } from "@myoscope/core/errors/app-error";
import { decodeContour } from "@myoscope/core/geometry/encode-contour";
import {
  insertAnnotations,
  listAcceptedFiberLabels,
  listFiberContoursOfRun,
  lockSectionAnnotations,
} from "@myoscope/db/annotations";
import { withTransaction } from "@myoscope/db/client";
import { findSegmentationRun } from "@myoscope/db/segmentation-runs";
import { getSegmentationFileKey } from "@myoscope/storage/segmentation-keys";
import sharp from "sharp";
import type { AppDeps } from "../deps.ts";

async function traceRunLabels(
  deps: Pick<AppDeps, "storage">,
  key: string,
): Promise<Map<number, PolygonGeometry>> {
  if (!(await deps.storage.exists(key))) return new Map();
  const png = await deps.storage.get(key);
  const { data, info } = await sharp(png)
    .toColourspace("grey16")
    .raw({ depth: "ushort" })
    .toBuffer({ resolveWithObject: true });
  // Copy into an aligned buffer: a Uint16Array view needs an even byte offset.
  const labels = new Uint16Array(new Uint8Array(data).buffer);
  const traced = traceLabelPolygons(labels, { width: info.width, height: info.height });
  return new Map(traced.map((t) => [t.label, t.polygon]));
}

export async function acceptFibers(
  deps: Pick<AppDeps, "db" | "storage">,
  input: { projectId: string; runId: string; userId: string },
): Promise<{ created: number; skipped: number }> {
  const run = await findSegmentationRun(deps.db, input);
  if (!run) throw new AppError("NOT_FOUND", "segmentation run not found");
  if (run.status !== "succeeded") {
    throw new AppError("BAD_REQUEST", "only a finished (succeeded) run's fibers can be accepted");
  }
  const stored = await listFiberContoursOfRun(deps.db, input);
  const polygons = new Map<number, PolygonGeometry>();
  for (const { label, contour } of stored) {
    if (contour) {
      polygons.set(label, { type: "Polygon", coordinates: [toClosedRing(decodeContour(contour))] });
    }
  }
  if (stored.length === 0 || polygons.size < stored.length) {
    const key = getSegmentationFileKey(
      { projectId: input.projectId, sectionId: run.sectionId, id: run.id },
      "labels",
    );
    const traced = await traceRunLabels(deps, key);
    const wanted = stored.length === 0 ? [...traced.keys()] : stored.map((f) => f.label);
    for (const label of wanted) {
      const polygon = traced.get(label);
      if (polygon && !polygons.has(label)) polygons.set(label, polygon);
    }
  }
  if (polygons.size === 0) throw new AppError("BAD_REQUEST", "the run has no fibers to accept");
  return withTransaction(
    deps.db,
    async (tx) => {
      await lockSectionAnnotations(tx, run.sectionId);
      const accepted = await listAcceptedFiberLabels(tx, { ...input, sectionId: run.sectionId });
      const rows = [...polygons.entries()]
        .filter(([label]) => !accepted.has(label))
        .sort(([a], [b]) => a - b)
        .map(([label, geometry]) => ({
          kind: "fiber" as const,
          label: "",
          shape: "segmentation",
          geometry,
          bounds: measurePolygonBounds(geometry),
          sourceRunId: run.id,
          sourceLabel: label,
        }));
      const created = await insertAnnotations(tx, {
        projectId: input.projectId,
        sectionId: run.sectionId,
        authorId: input.userId,
        rows,
      });
      return { created, skipped: polygons.size - created };
    },
    { timeoutMs: 120_000 },
  );
}
