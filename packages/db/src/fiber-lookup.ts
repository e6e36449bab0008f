/**
 * @module fiber-lookup
 * Reads for the section viewer: a run's fibers as per-label arrays (one feature
 * plus the mask memberships) to colour overlay tiles, one fiber by label for the
 * click panel, and a feature's project-wide percentile range so every section of
 * a project shares one colour scale.
 */
import { decodeContour } from "@myoscope/core/geometry/encode-contour";
import type { FiberFeatureKey } from "@myoscope/core/viewer/overlay-modes";
import type { DbOrTx } from "./client.ts";
import type { FiberRecord } from "./fibers.ts";

/** SQL column of each colourable feature; the only strings spliced into SQL here. */
const FEATURE_COLUMN: Record<FiberFeatureKey, string> = {
  minFeretUm: "min_feret_um",
  feretUm: "feret_um",
  areaUm2: "area_um2",
  perimeterUm: "perimeter_um",
  equivalentDiameterUm: "equivalent_diameter_um",
  circularity: "circularity",
  aspectRatio: "aspect_ratio",
  roundness: "roundness",
  solidity: "solidity",
  meanOdH: "mean_od_h",
  meanOdE: "mean_od_e",
};

function getFeatureColumn(feature: FiberFeatureKey): string {
  const column = FEATURE_COLUMN[feature];
  if (!column) throw new RangeError(`feature must be a fiber feature, got "${feature}"`);
  return column;
}

/** A run's fibers as parallel arrays, in label order. */
export interface RunFiberColumns {
  labels: Int32Array;
  /** The feature's value per fiber; NaN where the feature is null. */
  values: Float64Array;
  inMuscleMask: Uint8Array;
  passesShapeFilter: Uint8Array;
  inExclusion: Uint8Array;
}

function parseNumbers(csv: string | null): number[] {
  if (!csv) return [];
  return csv.split(",").map((part) => (part === "" ? Number.NaN : Number(part)));
}

/**
 * One feature and the mask flags of every fiber of a run. The columns travel as
 * one comma-joined string each: 100,000 fibers are one row, not 100,000.
 */
export async function loadRunFiberColumns(
  db: DbOrTx,
  input: { projectId: string; runId: string; feature: FiberFeatureKey },
): Promise<RunFiberColumns> {
  const column = getFeatureColumn(input.feature);
  const [row] = await db.$queryRawUnsafe<
    {
      labels: string | null;
      vals: string | null;
      muscle: string | null;
      shape: string | null;
      excl: string | null;
    }[]
  >(
    `select string_agg(label::text, ',' order by label) as labels,
       string_agg(coalesce(${column}::text, ''), ',' order by label) as vals,
       string_agg(in_muscle_mask::int::text, ',' order by label) as muscle,
       string_agg(passes_shape_filter::int::text, ',' order by label) as shape,
       string_agg(in_exclusion::int::text, ',' order by label) as excl
     from fibers where run_id = $1 and project_id = $2`,
    input.runId,
    input.projectId,
  );
  return {
    labels: Int32Array.from(parseNumbers(row?.labels ?? null)),
    values: Float64Array.from(parseNumbers(row?.vals ?? null)),
    inMuscleMask: Uint8Array.from(parseNumbers(row?.muscle ?? null)),
    passesShapeFilter: Uint8Array.from(parseNumbers(row?.shape ?? null)),
    inExclusion: Uint8Array.from(parseNumbers(row?.excl ?? null)),
  };
}

const fiberDetailSelect = {
  label: true,
  areaUm2: true,
  perimeterUm: true,
  circularity: true,
  feretUm: true,
  minFeretUm: true,
  feretAngle: true,
  aspectRatio: true,
  roundness: true,
  solidity: true,
  equivalentDiameterUm: true,
  centroidX: true,
  centroidY: true,
  bboxX: true,
  bboxY: true,
  bboxWidth: true,
  bboxHeight: true,
  meanOdH: true,
  meanOdE: true,
  touchesEdge: true,
  inMuscleMask: true,
  passesShapeFilter: true,
  inExclusion: true,
  regionName: true,
  contour: true,
} as const;

export type FiberDetailDto = {
  [K in Exclude<keyof typeof fiberDetailSelect, "contour">]: FiberRecord[K];
} & {
  /** Outer contour as flat level-0 pixel-corner x,y pairs (empty when not stored). */
  contour: number[];
};

/** One fiber of a run by its label, project-scoped; null when there is none. */
export async function findFiberByLabel(
  db: DbOrTx,
  input: { projectId: string; runId: string; label: number },
): Promise<FiberDetailDto | null> {
  const row = await db.fiber.findFirst({
    where: { runId: input.runId, projectId: input.projectId, label: input.label },
    select: fiberDetailSelect,
  });
  if (!row) return null;
  const { contour, ...rest } = row;
  const points = contour ? decodeContour(new Uint8Array(contour)) : new Int32Array(0);
  return { ...rest, contour: Array.from(points) };
}

export interface FeatureRange {
  /** Lower percentile of the feature over the project's Shape Filter fibers. */
  min: number | null;
  max: number | null;
  count: number;
}

/**
 * The `lower`–`upper` quantile range of a feature over the Shape Filter fibers
 * (in the muscle mask, passing the shape filter, not excluded) of every
 * succeeded run of a project: one colour scale for all its sections.
 */
export async function summarizeProjectFeatureRange(
  db: DbOrTx,
  input: { projectId: string; feature: FiberFeatureKey; lower?: number; upper?: number },
): Promise<FeatureRange> {
  const column = getFeatureColumn(input.feature);
  const lower = input.lower ?? 0.02;
  const upper = input.upper ?? 0.98;
  if (!(lower >= 0 && lower < upper && upper <= 1)) {
    throw new RangeError(
      `lower and upper must satisfy 0 ≤ lower < upper ≤ 1, got ${lower} and ${upper}`,
    );
  }
  const [row] = await db.$queryRawUnsafe<{ lo: number | null; hi: number | null; count: number }[]>(
    `select percentile_cont($2::float8) within group (order by f.${column}) as lo,
       percentile_cont($3::float8) within group (order by f.${column}) as hi,
       count(f.${column})::int as count
     from fibers f join segmentation_runs r on r.id = f.run_id
     where f.project_id = $1 and r.project_id = $1 and r.status = 'succeeded'
       and f.in_muscle_mask and f.passes_shape_filter and not f.in_exclusion
       and f.${column} is not null`,
    input.projectId,
    lower,
    upper,
  );
  return { min: row?.lo ?? null, max: row?.hi ?? null, count: row?.count ?? 0 };
}
