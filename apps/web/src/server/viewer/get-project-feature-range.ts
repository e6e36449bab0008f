/**
 * @module viewer/get-project-feature-range
 * The project-wide colour scale of a feature: its 2nd–98th percentile over the
 * Shape Filter fibers of all succeeded runs. Cached for a minute per project and
 * feature, since every overlay tile of every section asks for it.
 */
import { widenDegenerateRange } from "@myoscope/core/viewer/color-scale";
import type { FiberFeatureKey } from "@myoscope/core/viewer/overlay-modes";
import type { DbOrTx } from "@myoscope/db/client";
import { summarizeProjectFeatureRange } from "@myoscope/db/fiber-lookup";
import { createLruCache } from "./lru-cache.ts";

export interface ProjectFeatureRange {
  feature: FiberFeatureKey;
  /** Scale bounds; never equal (a degenerate range is widened). */
  min: number;
  max: number;
  /** Fibers the percentiles were taken over; 0 means a placeholder scale. */
  count: number;
  lowerPercentile: number;
  upperPercentile: number;
}

const TTL_MS = 60_000;
const ranges = createLruCache<{ at: number; range: Promise<ProjectFeatureRange> }>({
  maxEntries: 256,
});

export async function getProjectFeatureRange(
  db: DbOrTx,
  input: { projectId: string; feature: FiberFeatureKey },
): Promise<ProjectFeatureRange> {
  const key = `${input.projectId}:${input.feature}`;
  const cached = ranges.get(key);
  if (cached && Date.now() - cached.at < TTL_MS) return cached.range;
  const range = summarizeProjectFeatureRange(db, { ...input, lower: 0.02, upper: 0.98 }).then(
    ({ min, max, count }) => ({
      feature: input.feature,
      ...widenDegenerateRange({ min: min ?? Number.NaN, max: max ?? Number.NaN }),
      count,
      lowerPercentile: 2,
      upperPercentile: 98,
    }),
  );
  ranges.set(key, { at: Date.now(), range });
  range.catch(() => ranges.delete(key));
  return range;
}
