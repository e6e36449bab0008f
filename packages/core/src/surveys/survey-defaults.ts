/**
 * @module surveys/survey-defaults
 * The SYNTA paper's survey design: three masks graded on a five-level scale.
 */

export const DEFAULT_SURVEY_CATEGORIES: readonly string[] = [
  "Segmentation",
  "Shape Filter",
  "Connective Tissue",
];

/** Worst first; a grade is the 1-based index into the scale. */
export const DEFAULT_SURVEY_SCALE: readonly string[] = [
  "very bad",
  "bad",
  "intermediate",
  "good",
  "very good",
];

/** The paper's ROI edge length. */
export const DEFAULT_ROI_SIZE_UM = 400;

export type SurveyMaskKind = "segmentation" | "shapeFilter" | "connective";

/**
 * Which mask a category shows: names mentioning "shape" show the Shape Filter
 * fibers, "connective" the connective tissue, anything else all fibers of the
 * Segmentation mask.
 */
export function getSurveyMaskKind(category: string): SurveyMaskKind {
  if (/shape/i.test(category)) return "shapeFilter";
  if (/connective/i.test(category)) return "connective";
  return "segmentation";
}
