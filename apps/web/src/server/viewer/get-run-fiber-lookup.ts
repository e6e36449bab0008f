/**
 * @module viewer/get-run-fiber-lookup
 * A run's fibers as per-label arrays (one feature + mask flags), loaded from
 * Postgres once per run, version and feature and kept in an LRU: an overlay
 * tile then needs no query at all.
 */
import {
  FIBER_FLAG_EXCLUDED,
  FIBER_FLAG_EXISTS,
  FIBER_FLAG_IN_MUSCLE,
  FIBER_FLAG_PASSES_SHAPE,
  type FiberLookup,
} from "@myoscope/core/viewer/build-overlay-palette";
import type { FiberFeatureKey } from "@myoscope/core/viewer/overlay-modes";
import type { DbOrTx } from "@myoscope/db/client";
import { loadRunFiberColumns, type RunFiberColumns } from "@myoscope/db/fiber-lookup";
import { createLruCache } from "./lru-cache.ts";

const lookups = createLruCache<FiberLookup>({ maxEntries: 32 });

/** Scatters parallel fiber columns into arrays indexed by label. */
export function toFiberLookup(columns: RunFiberColumns): FiberLookup {
  let maxLabel = 0;
  for (const label of columns.labels) if (label > maxLabel) maxLabel = label;
  const values = new Float32Array(maxLabel + 1).fill(Number.NaN);
  const flags = new Uint8Array(maxLabel + 1);
  columns.labels.forEach((label, i) => {
    if (label <= 0) return;
    values[label] = columns.values[i] as number;
    flags[label] =
      FIBER_FLAG_EXISTS |
      (columns.inMuscleMask[i] ? FIBER_FLAG_IN_MUSCLE : 0) |
      (columns.passesShapeFilter[i] ? FIBER_FLAG_PASSES_SHAPE : 0) |
      (columns.inExclusion[i] ? FIBER_FLAG_EXCLUDED : 0);
  });
  return { values, flags };
}

export function getRunFiberLookup(
  db: DbOrTx,
  input: { projectId: string; runId: string; version: number; feature: FiberFeatureKey },
): Promise<FiberLookup> {
  return lookups.getOrLoad(`${input.runId}:${input.version}:${input.feature}`, async () =>
    toFiberLookup(await loadRunFiberColumns(db, input)),
  );
}
