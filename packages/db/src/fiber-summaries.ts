/**
 * @module fiber-summaries
 * Per-run aggregates of fiber diameters (MinFeret) for every combination of the
 * cohort filters and every region, so that cohort dashboards read a few hundred
 * summary rows instead of scanning a million fibers. Refreshed by the
 * segmentation job inside the run's commit transaction (and after regions are
 * re-assigned), which keeps summaries and fibers consistent for every reader.
 */
import type { DbOrTx } from "./client.ts";

/** Width of one histogram bin, in µm. Bins start at 0 µm. */
export const SUMMARY_BIN_WIDTH_UM = 0.5;
/** Number of histogram bins; the last one is open-ended (≥ 119.5 µm). */
export const SUMMARY_BIN_COUNT = 240;

/** Filter bits of `FiberSummary.filterMask`. */
export const FILTER_SHAPE_FILTER = 1;
export const FILTER_DROP_EXCLUSIONS = 2;
export const FILTER_DROP_EDGE = 4;

/** The filters of a cohort analysis, as booleans. */
export interface FiberFilters {
  /** Only fibers of the "Shape Filter" mask (otherwise every fiber of the "Segmentation" mask). */
  isShapeFilterOnly: boolean;
  /** Drop fibers whose centroid lies in an exclusion annotation. */
  isExclusionsApplied: boolean;
  /** Drop fibers that touch the image edge (cut fibers). */
  isEdgeDropped: boolean;
}

export function toFilterMask(filters: FiberFilters): number {
  return (
    (filters.isShapeFilterOnly ? FILTER_SHAPE_FILTER : 0) |
    (filters.isExclusionsApplied ? FILTER_DROP_EXCLUSIONS : 0) |
    (filters.isEdgeDropped ? FILTER_DROP_EDGE : 0)
  );
}

/*
 * One statement. The run's fibers are read once and grouped at the finest grain
 * the filters need (region × shape filter × exclusion × edge × 0.5 µm bin, with
 * n, Σd, Σd²); the 8 filter masks and the whole-section region ("") are sums of
 * those few hundred groups, so the cost hardly grows with the 8 × regions rows.
 * Every region that has fibers or connective-tissue statistics in
 * `summary.regions` gets all 8 rows, count 0 included, so a dashboard never has
 * to guess whether a row is missing. The standard deviation is the sample one
 * (n − 1), as numpy's `std(ddof=1)`, from the sums.
 */
const BIN_SQL = `least(greatest(width_bucket(min_feret_um, 0, ${SUMMARY_BIN_WIDTH_UM * SUMMARY_BIN_COUNT}, ${SUMMARY_BIN_COUNT}), 1), ${SUMMARY_BIN_COUNT})`;
const REFRESH_SQL = `
with run as (
  select id, project_id, section_id, coalesce(summary -> 'regions', '{}'::jsonb) as regions
  from segmentation_runs where id = $1
),
masks as (select generate_series(0, 7) as mask),
fine as (
  select coalesce(region_name, '') as region_name, passes_shape_filter as sf, in_exclusion as ex,
    touches_edge as edge, ${BIN_SQL} as bin,
    count(*)::int as c, sum(min_feret_um) as s, sum(min_feret_um * min_feret_um) as ss
  from fibers where run_id = $1 and in_muscle_mask
  group by 1, 2, 3, 4, 5
),
masked as (
  select m.mask, f.region_name, f.bin, f.c, f.s, f.ss
  from fine f cross join masks m
  where (m.mask & 1 = 0 or f.sf) and (m.mask & 2 = 0 or not f.ex) and (m.mask & 4 = 0 or not f.edge)
),
by_region as (
  select mask, '' as region, bin, c, s, ss from masked
  union all
  select mask, region_name, bin, c, s, ss from masked where region_name <> ''
),
bins as (select mask, region, bin, sum(c)::int as c from by_region group by mask, region, bin),
stats as (
  select mask, region, sum(c)::int as n, sum(s) as s, sum(ss) as ss
  from by_region group by mask, region
),
regions as (
  select '' as region
  union select region_name from fine where region_name <> ''
  union select jsonb_object_keys(regions) from run
),
keys as (select r.region, m.mask from regions r cross join masks m),
histograms as (
  select k.mask, k.region, array_agg(coalesce(b.c, 0) order by g.i) as h
  from keys k cross join generate_series(1, ${SUMMARY_BIN_COUNT}) as g(i)
  left join bins b on b.mask = k.mask and b.region = k.region and b.bin = g.i
  group by k.mask, k.region
)
insert into fiber_summaries (run_id, project_id, section_id, region, filter_mask, fiber_count,
  sum_min_feret, sum_sq_min_feret, mean_min_feret_um, std_min_feret_um, histogram,
  muscle_area_um2, connective_fraction, connective_thickness_mean_um, updated_at)
select run.id, run.project_id, run.section_id, k.region, k.mask, coalesce(s.n, 0),
  coalesce(s.s, 0), coalesce(s.ss, 0),
  case when s.n > 0 then s.s / s.n end,
  case when s.n > 1 then sqrt(greatest(0, (s.ss - s.s * s.s / s.n) / (s.n - 1))) end,
  h.h,
  (run.regions -> k.region ->> 'muscleAreaUm2')::float8,
  (run.regions -> k.region ->> 'connectiveFraction')::float8,
  (run.regions -> k.region ->> 'connectiveThicknessMeanUm')::float8,
  now()
from run cross join keys k
join histograms h on h.mask = k.mask and h.region = k.region
left join stats s on s.mask = k.mask and s.region = k.region`;

/**
 * Replaces the fiber summaries of one run by aggregates of its current fibers
 * and its `summary.regions` connective-tissue statistics. Call inside the
 * transaction that writes the run's fibers (or their regions), so that readers
 * see both or neither. A run that does not exist writes nothing.
 * @returns the number of summary rows written.
 */
export async function refreshFiberSummaries(tx: DbOrTx, input: { runId: string }): Promise<number> {
  await tx.$executeRawUnsafe("delete from fiber_summaries where run_id = $1", input.runId);
  return tx.$executeRawUnsafe(REFRESH_SQL, input.runId);
}
