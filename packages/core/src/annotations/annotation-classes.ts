/**
 * @module annotations/annotation-classes
 * The four annotation kinds, their labels and the QuPath class names and
 * colours they are exported under. QuPath knows only class names, so the kind
 * of a region (whose class name is its muscle's name) also travels in
 * `properties.myoscope.kind`.
 */
import { AppError } from "../errors/app-error.ts";

export const ANNOTATION_KINDS = ["roi", "region", "exclusion", "fiber"] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/** Exclusion labels: the paper's freezing artifacts (Type I), artificial loosening (Type II), other. */
export const EXCLUSION_LABELS = ["freezing", "loosening", "other"] as const;
export type ExclusionLabel = (typeof EXCLUSION_LABELS)[number];

/** Muscle regions offered in the class picker; any other name is allowed. */
export const REGION_CHOICES = ["M. soleus", "M. gastrocnemius"] as const;

export const EXCLUSION_CLASS_NAMES: Record<ExclusionLabel, string> = {
  freezing: "Freezing artifact (Type I)",
  loosening: "Artificial loosening (Type II)",
  other: "Exclusion",
};

export type Rgb = [number, number, number];

/** Display and export colours per kind (exclusions per type). */
export const ANNOTATION_COLORS: Record<AnnotationKind, Rgb> & Record<ExclusionLabel, Rgb> = {
  roi: [255, 200, 0],
  region: [0, 160, 255],
  exclusion: [230, 40, 40],
  fiber: [0, 200, 90],
  freezing: [230, 40, 40],
  loosening: [200, 60, 200],
  other: [140, 140, 140],
};

export interface AnnotationClass {
  kind: AnnotationKind;
  label: string;
}

export function isExclusionLabel(label: string): label is ExclusionLabel {
  return (EXCLUSION_LABELS as readonly string[]).includes(label);
}

/** The colour an annotation is drawn and exported in. */
export function getAnnotationColor({ kind, label }: AnnotationClass): Rgb {
  if (kind === "exclusion") return ANNOTATION_COLORS[isExclusionLabel(label) ? label : "other"];
  return ANNOTATION_COLORS[kind];
}

/** The QuPath class name: "ROI", the region's name, the exclusion type, or "Fiber". */
export function getQuPathClassName({ kind, label }: AnnotationClass): string {
  switch (kind) {
    case "roi":
      return "ROI";
    case "region":
      return label || "Region";
    case "exclusion":
      return EXCLUSION_CLASS_NAMES[isExclusionLabel(label) ? label : "other"];
    default:
      return "Fiber";
  }
}

/**
 * Kind and label from a QuPath class name; names that are not one of ours
 * are muscle regions of that name (QuPath users name classes after muscles).
 */
export function parseQuPathClassName(name: string): AnnotationClass {
  const trimmed = name.trim();
  if (trimmed === "ROI" || trimmed === "Region*") return { kind: "roi", label: "" };
  if (trimmed === "Fiber") return { kind: "fiber", label: "" };
  for (const label of EXCLUSION_LABELS) {
    if (EXCLUSION_CLASS_NAMES[label] === trimmed) return { kind: "exclusion", label };
  }
  return { kind: "region", label: trimmed };
}

/**
 * The stored label for a kind: a region needs a name, an exclusion one of
 * `EXCLUSION_LABELS`, a fiber none; ROI names are free.
 * @throws AppError BAD_REQUEST when the label does not fit the kind.
 */
export function normalizeAnnotationLabel({ kind, label }: AnnotationClass): string {
  const trimmed = label.trim();
  if (kind === "fiber") return "";
  if (kind === "region" && !trimmed) {
    throw new AppError("BAD_REQUEST", "a region needs a name, e.g. M. soleus");
  }
  if (kind === "exclusion" && !isExclusionLabel(trimmed)) {
    throw new AppError(
      "BAD_REQUEST",
      `an exclusion label must be one of ${EXCLUSION_LABELS.join(", ")}, got "${label}"`,
    );
  }
  return trimmed;
}
