/**
 * @module cohort-queries
 * Reads for cohort dashboards. They touch only sections, subjects, runs and the
 * per-run `fiber_summaries` (never the fibers), so a cohort of a million fibers
 * costs a few hundred summary rows per query. The run that counts for a section
 * is its `analysis_run_id`, else its latest succeeded run.
 */
import type { DbOrTx } from "./client.ts";

/*
 * Chosen run per section of the project. The lateral subquery uses the
 * (section_id) index of segmentation_runs; a section has a handful of runs.
 */
const CHOSEN_SQL = `
select s.id as section_id, s.name as section_name, s.subject_id, sub.identifier as subject_identifier,
  sub."group" as subject_group, s.analysis_run_id, s.pixel_size_um,
  coalesce(s.analysis_run_id, latest.id) as run_id
from sections s
join subjects sub on sub.id = s.subject_id
left join lateral (
  select r.id from segmentation_runs r
  where r.section_id = s.id and r.status = 'succeeded'
  order by r.finished_at desc nulls last, r.created_at desc
  limit 1
) latest on true
where s.project_id = $1`;

export interface CohortSectionDto {
  sectionId: string;
  sectionName: string;
  subjectId: string;
  subjectIdentifier: string;
  group: string;
  pixelSizeUm: number;
  /** Explicitly chosen run, or null when the latest succeeded run counts. */
  analysisRunId: string | null;
  /** The run whose summaries count; null when the section has no succeeded run. */
  runId: string | null;
}

/** Every section of the project with its subject, group and chosen run. */
export async function listCohortSections(
  db: DbOrTx,
  input: { projectId: string },
): Promise<CohortSectionDto[]> {
  const rows = await db.$queryRawUnsafe<
    {
      section_id: string;
      section_name: string;
      subject_id: string;
      subject_identifier: string;
      subject_group: string;
      analysis_run_id: string | null;
      pixel_size_um: number;
      run_id: string | null;
    }[]
  >(`${CHOSEN_SQL} order by sub."group", sub.identifier, s.name`, input.projectId);
  return rows.map((row) => ({
    sectionId: row.section_id,
    sectionName: row.section_name,
    subjectId: row.subject_id,
    subjectIdentifier: row.subject_identifier,
    group: row.subject_group,
    pixelSizeUm: row.pixel_size_um,
    analysisRunId: row.analysis_run_id,
    runId: row.run_id,
  }));
}

/** Fiber and connective-tissue aggregates of one section's chosen run in one region. */
export interface CohortSummaryDto {
  sectionId: string;
  runId: string;
  /** "" = whole section. */
  region: string;
  fiberCount: number;
  sumMinFeretUm: number;
  sumSqMinFeretUm: number;
  meanMinFeretUm: number | null;
  stdMinFeretUm: number | null;
  /** MinFeret counts in 0.5 µm bins from 0 µm (SUMMARY_BIN_COUNT bins). */
  histogram: number[];
  muscleAreaUm2: number | null;
  connectiveFraction: number | null;
  connectiveThicknessMeanUm: number | null;
}

/** Summaries of every section's chosen run for one filter combination. */
export async function listCohortSummaries(
  db: DbOrTx,
  input: { projectId: string; filterMask: number },
): Promise<CohortSummaryDto[]> {
  const rows = await db.$queryRawUnsafe<
    {
      section_id: string;
      run_id: string;
      region: string;
      fiber_count: number;
      sum_min_feret: number;
      sum_sq_min_feret: number;
      mean_min_feret_um: number | null;
      std_min_feret_um: number | null;
      histogram: number[];
      muscle_area_um2: number | null;
      connective_fraction: number | null;
      connective_thickness_mean_um: number | null;
    }[]
  >(
    `with chosen as (${CHOSEN_SQL})
     select fs.section_id, fs.run_id, fs.region, fs.fiber_count, fs.sum_min_feret, fs.sum_sq_min_feret,
       fs.mean_min_feret_um, fs.std_min_feret_um, fs.histogram, fs.muscle_area_um2,
       fs.connective_fraction, fs.connective_thickness_mean_um
     from chosen c
     join fiber_summaries fs on fs.run_id = c.run_id and fs.filter_mask = $2
     where fs.project_id = $1
     order by fs.section_id, fs.region`,
    input.projectId,
    input.filterMask,
  );
  return rows.map((row) => ({
    sectionId: row.section_id,
    runId: row.run_id,
    region: row.region,
    fiberCount: row.fiber_count,
    sumMinFeretUm: row.sum_min_feret,
    sumSqMinFeretUm: row.sum_sq_min_feret,
    meanMinFeretUm: row.mean_min_feret_um,
    stdMinFeretUm: row.std_min_feret_um,
    histogram: row.histogram,
    muscleAreaUm2: row.muscle_area_um2,
    connectiveFraction: row.connective_fraction,
    connectiveThicknessMeanUm: row.connective_thickness_mean_um,
  }));
}

/** Cohort dashboard defaults of a project, as stored (unvalidated JSON). */
export async function findCohortSettings(
  db: DbOrTx,
  input: { projectId: string },
): Promise<unknown> {
  const project = await db.project.findUnique({
    where: { id: input.projectId },
    select: { cohortSettings: true },
  });
  return project?.cohortSettings ?? {};
}

export async function saveCohortSettings(
  db: DbOrTx,
  input: { projectId: string; settings: Record<string, string | number | boolean | null> },
): Promise<void> {
  await db.project.update({
    where: { id: input.projectId },
    data: { cohortSettings: input.settings },
    select: { id: true },
  });
}

/**
 * Sets (or clears, with null) the run that counts for a section. Only a
 * succeeded run of the same section and project is accepted.
 * @returns false when the section or run does not fit (nothing written).
 */
export async function setSectionAnalysisRun(
  db: DbOrTx,
  input: { projectId: string; sectionId: string; runId: string | null },
): Promise<boolean> {
  if (input.runId !== null) {
    const run = await db.segmentationRun.findFirst({
      where: {
        id: input.runId,
        sectionId: input.sectionId,
        projectId: input.projectId,
        status: "succeeded",
      },
      select: { id: true },
    });
    if (!run) return false;
  }
  const { count } = await db.section.updateMany({
    where: { id: input.sectionId, projectId: input.projectId },
    data: { analysisRunId: input.runId },
  });
  return count === 1;
}

export interface CohortRunOptionDto {
  runId: string;
  sectionId: string;
  finishedAt: Date | null;
  fiberCount: number | null;
  modelName: string;
}

/** Succeeded runs of the project's sections, newest first: the choices for a section's analysis run. */
export async function listSucceededRuns(
  db: DbOrTx,
  input: { projectId: string },
): Promise<CohortRunOptionDto[]> {
  const rows = await db.segmentationRun.findMany({
    where: { projectId: input.projectId, status: "succeeded" },
    orderBy: [{ finishedAt: "desc" }, { createdAt: "desc" }],
    select: {
      id: true,
      sectionId: true,
      finishedAt: true,
      fiberCount: true,
      model: { select: { name: true } },
    },
  });
  return rows.map((row) => ({
    runId: row.id,
    sectionId: row.sectionId,
    finishedAt: row.finishedAt,
    fiberCount: row.fiberCount,
    modelName: row.model.name,
  }));
}
