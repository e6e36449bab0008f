/**
 * @module fibers
 * Bulk writes and reads of per-fiber features. Fibers are written with one
 * `INSERT ... SELECT FROM unnest(...)` per chunk: column arrays travel as
 * parameters, so 100,000 fibers are a few round trips instead of 100,000 rows
 * of bind parameters.
 */
import { encodeContour } from "@myoscope/core/geometry/encode-contour";
import { simplifyContour } from "@myoscope/core/geometry/simplify-contour";
import type { FiberRegionAssignment } from "@myoscope/core/postprocess/assign-section-regions";
import type { PostprocessedFiber } from "@myoscope/core/postprocess/postprocess-segmentation";
import type { DbOrTx } from "./client.ts";

/** One fiber as the segmentation pipeline measures it. */
export interface FiberRecord {
  label: number;
  areaUm2: number;
  perimeterUm: number;
  circularity: number;
  feretUm: number;
  minFeretUm: number;
  feretAngle: number;
  aspectRatio: number;
  roundness: number;
  solidity: number;
  equivalentDiameterUm: number;
  centroidX: number;
  centroidY: number;
  bboxX: number;
  bboxY: number;
  bboxWidth: number;
  bboxHeight: number;
  meanOdH: number | null;
  meanOdE: number | null;
  touchesEdge: boolean;
  inMuscleMask: boolean;
  passesShapeFilter: boolean;
  inExclusion: boolean;
  regionName: string | null;
  /** The ROI annotation containing the centroid (omitted: none). */
  roiId?: string | null;
  /** Outer contour as x,y pairs (pixel corners); stored as delta-coded varint corners. */
  contour: Int32Array | null;
}

/**
 * How far (pixels) a stored outline may depart from the traced pixel outline.
 * Traced outlines have a corner at every pixel step (~300 per fiber ~120 px
 * across); within 1 px ~44 remain (0.18 % area change), which keeps 100,000
 * contours at ~35 MB instead of ~240 MB. Features are measured on the exact
 * pixels, never on the stored outline.
 */
export const CONTOUR_TOLERANCE_PX = 1;

/** The stored form of a fiber the post-processing measured (no region or exclusion yet). */
export function toFiberRecord(fiber: PostprocessedFiber): FiberRecord {
  return {
    label: fiber.label,
    areaUm2: fiber.areaUm2,
    perimeterUm: fiber.perimeterUm,
    circularity: fiber.circularity,
    feretUm: fiber.feretUm,
    minFeretUm: fiber.minFeretUm,
    feretAngle: fiber.feretAngle,
    aspectRatio: fiber.aspectRatio,
    roundness: fiber.roundness,
    solidity: fiber.solidity,
    equivalentDiameterUm: fiber.equivalentDiameterUm,
    centroidX: fiber.centroidX,
    centroidY: fiber.centroidY,
    bboxX: fiber.bbox.x,
    bboxY: fiber.bbox.y,
    bboxWidth: fiber.bbox.width,
    bboxHeight: fiber.bbox.height,
    meanOdH: fiber.meanHematoxylinOd ?? null,
    meanOdE: fiber.meanEosinOd ?? null,
    touchesEdge: fiber.touchesEdge,
    inMuscleMask: fiber.isInMuscleMask,
    passesShapeFilter: fiber.passesShapeFilter,
    inExclusion: false,
    regionName: null,
    roiId: null,
    contour: fiber.contour
      ? simplifyContour(fiber.contour, { tolerancePx: CONTOUR_TOLERANCE_PX })
      : null,
  };
}

const NUMERIC_COLUMNS = [
  ["label", "label", "int"],
  ["areaUm2", "area_um2", "float8"],
  ["perimeterUm", "perimeter_um", "float8"],
  ["circularity", "circularity", "float8"],
  ["feretUm", "feret_um", "float8"],
  ["minFeretUm", "min_feret_um", "float8"],
  ["feretAngle", "feret_angle", "float8"],
  ["aspectRatio", "aspect_ratio", "float8"],
  ["roundness", "roundness", "float8"],
  ["solidity", "solidity", "float8"],
  ["equivalentDiameterUm", "equivalent_diameter_um", "float8"],
  ["centroidX", "centroid_x", "float8"],
  ["centroidY", "centroid_y", "float8"],
  ["bboxX", "bbox_x", "int"],
  ["bboxY", "bbox_y", "int"],
  ["bboxWidth", "bbox_width", "int"],
  ["bboxHeight", "bbox_height", "int"],
  ["meanOdH", "mean_od_h", "float8"],
  ["meanOdE", "mean_od_e", "float8"],
  ["touchesEdge", "touches_edge", "bool"],
  ["inMuscleMask", "in_muscle_mask", "bool"],
  ["passesShapeFilter", "passes_shape_filter", "bool"],
  ["inExclusion", "in_exclusion", "bool"],
  ["regionName", "region_name", "text"],
] as const satisfies readonly (readonly [keyof FiberRecord, string, string])[];

const CHUNK_SIZE = 50_000;

/**
 * Postgres array literal of numbers or booleans. Sending each column as one
 * text literal measured ~3× faster than letting the driver serialise a JS
 * array parameter (100,000 rows × 24 columns).
 */
function toArrayLiteral(values: readonly (number | boolean | null)[]): string {
  const parts = values.map((value) => {
    if (value === null) return "NULL";
    if (typeof value === "boolean") return value ? "t" : "f";
    if (!Number.isFinite(value)) throw new RangeError(`fiber value must be finite, got ${value}`);
    return String(value);
  });
  return `{${parts.join(",")}}`;
}

/** Base64 (a third smaller than hex on the wire) of the stored contour bytes; "" for none. */
function toBase64(contour: Int32Array | null): string {
  if (!contour) return "";
  return Buffer.from(encodeContour(contour)).toString("base64");
}

/**
 * Inserts the fibers of one run. Call inside the run's commit transaction,
 * after deleting any earlier fibers of the run, so readers never see a mix.
 */
export async function insertFibers(
  tx: DbOrTx,
  input: { runId: string; projectId: string; sectionId: string; fibers: readonly FiberRecord[] },
): Promise<number> {
  const numeric = NUMERIC_COLUMNS.filter(([, , type]) => type !== "text");
  const names = [...numeric.map(([, column]) => column), "region_name", "roi_id", "contour"];
  const regionParam = `$${numeric.length + 4}`;
  const roiParam = `$${numeric.length + 5}`;
  const contourParam = `$${numeric.length + 6}`;
  const unnestArgs = [
    ...numeric.map(([, , type], i) => `$${i + 4}::text::${type}[]`),
    `array(select json_array_elements_text(${regionParam}::json))`,
    `array(select json_array_elements_text(${roiParam}::json))`,
    `array(select decode(nullif(h, ''), 'base64') from unnest(string_to_array(${contourParam}::text, ',')) h)`,
  ];
  const sql = `insert into fibers (run_id, project_id, section_id, ${names.join(", ")})
    select $1, $2, $3, u.* from unnest(${unnestArgs.join(", ")}) as u`;
  let inserted = 0;
  for (let start = 0; start < input.fibers.length; start += CHUNK_SIZE) {
    const chunk = input.fibers.slice(start, start + CHUNK_SIZE);
    const columns = numeric.map(([key]) =>
      toArrayLiteral(chunk.map((fiber) => fiber[key] as number | boolean | null)),
    );
    const regions = JSON.stringify(chunk.map((fiber) => fiber.regionName));
    const rois = JSON.stringify(chunk.map((fiber) => fiber.roiId ?? null));
    const contours = chunk.map((fiber) => toBase64(fiber.contour)).join(",");
    inserted += await tx.$executeRawUnsafe(
      sql,
      input.runId,
      input.projectId,
      input.sectionId,
      ...columns,
      regions,
      rois,
      contours,
    );
  }
  return inserted;
}

/**
 * Sets each fiber's region, ROI and exclusion flag (one statement per 50,000
 * fibers); fibers not listed keep theirs. Call inside a transaction.
 * @returns the number of fibers updated.
 */
export async function updateFiberRegions(
  tx: DbOrTx,
  input: { runId: string; assignments: readonly FiberRegionAssignment[] },
): Promise<number> {
  let updated = 0;
  for (let start = 0; start < input.assignments.length; start += CHUNK_SIZE) {
    const chunk = input.assignments.slice(start, start + CHUNK_SIZE);
    updated += await tx.$executeRawUnsafe(
      `update fibers f set region_name = u.region_name, roi_id = u.roi_id, in_exclusion = u.in_exclusion
       from unnest($2::text::int[],
         array(select json_array_elements_text($3::json)),
         array(select json_array_elements_text($4::json)),
         $5::text::bool[]) as u(label, region_name, roi_id, in_exclusion)
       where f.run_id = $1 and f.label = u.label`,
      input.runId,
      toArrayLiteral(chunk.map((a) => a.label)),
      JSON.stringify(chunk.map((a) => a.regionName)),
      JSON.stringify(chunk.map((a) => a.roiId)),
      toArrayLiteral(chunk.map((a) => a.inExclusion)),
    );
  }
  return updated;
}

export async function deleteFibersOfRun(tx: DbOrTx, runId: string): Promise<number> {
  const { count } = await tx.fiber.deleteMany({ where: { runId } });
  return count;
}

export const fiberSelect = {
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
  touchesEdge: true,
  inMuscleMask: true,
  passesShapeFilter: true,
  inExclusion: true,
  regionName: true,
  roiId: true,
} as const;

export type FiberDto = {
  [K in keyof typeof fiberSelect]: FiberRecord[K & keyof FiberRecord];
};

/** Columns a fiber listing may be sorted by. */
export const FIBER_SORT_KEYS = [
  "label",
  "areaUm2",
  "perimeterUm",
  "circularity",
  "feretUm",
  "minFeretUm",
  "aspectRatio",
  "solidity",
  "equivalentDiameterUm",
] as const;
export type FiberSortKey = (typeof FIBER_SORT_KEYS)[number];

/** Fibers of a run, project-scoped; ordered by label unless another column is asked for. */
export async function listFibersOfRun(
  db: DbOrTx,
  input: {
    projectId: string;
    runId: string;
    limit?: number;
    sortBy?: FiberSortKey;
    order?: "asc" | "desc";
  },
): Promise<FiberDto[]> {
  const sortBy = input.sortBy ?? "label";
  return db.fiber.findMany({
    where: { runId: input.runId, projectId: input.projectId },
    // Label breaks ties, so equal values list in a stable order.
    orderBy: [{ [sortBy]: input.order ?? "asc" }, { label: "asc" }],
    select: fiberSelect,
    ...(input.limit ? { take: input.limit } : {}),
  });
}

export const fiberCsvSelect = {
  ...fiberSelect,
  bboxX: true,
  bboxY: true,
  bboxWidth: true,
  bboxHeight: true,
  meanOdH: true,
  meanOdE: true,
} as const;

export type FiberCsvRow = {
  [K in keyof typeof fiberCsvSelect]: FiberRecord[K & keyof FiberRecord];
};

/**
 * One page of a run's fibers in label order, after `afterLabel`: keyset paging,
 * so exporting 100,000 fibers never holds them all nor rescans skipped rows.
 */
export async function listFiberPage(
  db: DbOrTx,
  input: { projectId: string; runId: string; afterLabel: number; limit: number },
): Promise<FiberCsvRow[]> {
  return db.fiber.findMany({
    where: { runId: input.runId, projectId: input.projectId, label: { gt: input.afterLabel } },
    orderBy: { label: "asc" },
    select: fiberCsvSelect,
    take: input.limit,
  });
}

/**
 * The fiber sets of the paper: all "post processed" fibers, those inside the
 * muscle mask ("Segmentation") and those that also pass the shape filter.
 */
export type FiberPopulation = "postProcessed" | "segmentation" | "shapeFilter";

const POPULATION_CONDITION: Record<FiberPopulation, string> = {
  postProcessed: "true",
  segmentation: "in_muscle_mask",
  // Exclusions are taken out of the Shape Filter mask (CONTRACTS.md).
  shapeFilter: "in_muscle_mask and passes_shape_filter and not in_exclusion",
};

export interface FiberDiameterSummary {
  population: FiberPopulation;
  count: number;
  meanUm: number | null;
  medianUm: number | null;
  /** MinFeret (the paper's fiber diameter) in bins of `binWidthUm` starting at 0. */
  histogram: { binStartUm: number; binWidthUm: number; counts: number[] };
}

/** A round bin width giving about 30–60 bins up to `maxUm`. */
function chooseBinWidth(maxUm: number): number {
  const raw = maxUm / 40;
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? raw;
}

/** MinFeret statistics and histogram of a run's fibers, computed in Postgres. */
export async function summarizeFiberDiameters(
  db: DbOrTx,
  input: { projectId: string; runId: string; population: FiberPopulation },
): Promise<FiberDiameterSummary> {
  const where = `run_id = $1 and project_id = $2 and ${POPULATION_CONDITION[input.population]}`;
  const [stats] = await db.$queryRawUnsafe<
    { count: number; mean: number | null; median: number | null; max: number | null }[]
  >(
    `select count(*)::int as count, avg(min_feret_um) as mean, max(min_feret_um) as max,
       percentile_cont(0.5) within group (order by min_feret_um) as median
     from fibers where ${where}`,
    input.runId,
    input.projectId,
  );
  const count = stats?.count ?? 0;
  const binWidthUm = chooseBinWidth(stats?.max ?? 0);
  const counts: number[] = [];
  if (count > 0) {
    const bins = await db.$queryRawUnsafe<{ bin: number; count: number }[]>(
      `select floor(min_feret_um / $3)::int as bin, count(*)::int as count
       from fibers where ${where} group by 1 order by 1`,
      input.runId,
      input.projectId,
      binWidthUm,
    );
    const last = bins.at(-1)?.bin ?? 0;
    for (let i = 0; i <= last; i++) counts.push(0);
    for (const { bin, count: n } of bins) counts[bin] = n;
  }
  return {
    population: input.population,
    count,
    meanUm: stats?.mean ?? null,
    medianUm: stats?.median ?? null,
    histogram: { binStartUm: 0, binWidthUm, counts },
  };
}

/** What assigning regions needs of each fiber of a run, in label order. */
export async function listFiberCentroids(
  db: DbOrTx,
  input: { runId: string },
): Promise<{ label: number; centroidX: number; centroidY: number; isInMuscleMask: boolean }[]> {
  const rows = await db.fiber.findMany({
    where: { runId: input.runId },
    orderBy: { label: "asc" },
    select: { label: true, centroidX: true, centroidY: true, inMuscleMask: true },
  });
  return rows.map(({ inMuscleMask, ...rest }) => ({ ...rest, isInMuscleMask: inMuscleMask }));
}

/**
 * The union of the bounding boxes of a run's fibers whose box meets the
 * rectangle [x0, x1) × [y0, y1) (pixels), or null when none does.
 */
export async function findFiberBoundsInRect(
  db: DbOrTx,
  input: { projectId: string; runId: string; x0: number; y0: number; x1: number; y1: number },
): Promise<{ x0: number; y0: number; x1: number; y1: number } | null> {
  const [row] = await db.$queryRawUnsafe<
    { x0: number | null; y0: number | null; x1: number | null; y1: number | null }[]
  >(
    `select min(bbox_x) as x0, min(bbox_y) as y0,
       max(bbox_x + bbox_width) as x1, max(bbox_y + bbox_height) as y1
     from fibers
     where run_id = $1 and project_id = $2
       and bbox_x < $5 and bbox_x + bbox_width > $3 and bbox_y < $6 and bbox_y + bbox_height > $4`,
    input.runId,
    input.projectId,
    input.x0,
    input.y0,
    input.x1,
    input.y1,
  );
  if (!row || row.x0 === null || row.y0 === null || row.x1 === null || row.y1 === null) return null;
  return { x0: row.x0, y0: row.y0, x1: row.x1, y1: row.y1 };
}
