/**
 * @module cohort/cohort-types
 * Shapes the cohort computations read: a section with its subject and group,
 * and the fiber/connective aggregates of its chosen run per region. The db
 * layer's DTOs satisfy these structurally; core imports nothing of the db.
 */

export interface CohortSectionInput {
  sectionId: string;
  sectionName: string;
  subjectId: string;
  subjectIdentifier: string;
  group: string;
  runId: string | null;
}

export interface CohortSummaryInput {
  sectionId: string;
  runId: string;
  /** "" = whole section. */
  region: string;
  fiberCount: number;
  sumMinFeretUm: number;
  sumSqMinFeretUm: number;
  meanMinFeretUm: number | null;
  stdMinFeretUm: number | null;
  histogram: readonly number[];
  muscleAreaUm2: number | null;
  connectiveFraction: number | null;
  connectiveThicknessMeanUm: number | null;
}

/** Mean and standard deviation of the reference group's fibers in one region. */
export interface ReferenceStats {
  region: string;
  fiberCount: number;
  sectionCount: number;
  meanUm: number;
  stdUm: number;
  /** Abnormal when MinFeret < lo (small) or > hi (large). */
  lo: number;
  hi: number;
}
