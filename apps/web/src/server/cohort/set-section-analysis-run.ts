/**
 * @module cohort/set-section-analysis-run
 * Chooses which segmentation run of a section counts in cohort statistics
 * (null = its latest succeeded run).
 */
import { AppError } from "@myoscope/core/errors/app-error";
import type { DbOrTx } from "@myoscope/db/client";
import { setSectionAnalysisRun } from "@myoscope/db/cohort-queries";

export async function chooseSectionAnalysisRun(
  db: DbOrTx,
  input: { projectId: string; sectionId: string; runId: string | null },
): Promise<{ sectionId: string; runId: string | null }> {
  const isSet = await setSectionAnalysisRun(db, input);
  if (!isSet) throw new AppError("NOT_FOUND", "section or succeeded run of that section not found");
  return { sectionId: input.sectionId, runId: input.runId };
}
