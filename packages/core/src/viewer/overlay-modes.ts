/**
 * @module viewer/overlay-modes
 * What the viewer can draw over a section from a segmentation run, and which
 * per-fiber features a fill can be coloured by (the numeric Fiber columns).
 */

export const OVERLAY_MODES = [
  "feature",
  "contour",
  "filtered",
  "abnormal",
  "connective",
  "thickness",
] as const;
export type OverlayMode = (typeof OVERLAY_MODES)[number];

export function isOverlayMode(value: unknown): value is OverlayMode {
  return typeof value === "string" && (OVERLAY_MODES as readonly string[]).includes(value);
}

export const FIBER_FEATURES = [
  { key: "minFeretUm", label: "MinFeret", unit: "µm" },
  { key: "feretUm", label: "Feret", unit: "µm" },
  { key: "areaUm2", label: "Area", unit: "µm²" },
  { key: "perimeterUm", label: "Perimeter", unit: "µm" },
  { key: "equivalentDiameterUm", label: "Equivalent diameter", unit: "µm" },
  { key: "circularity", label: "Circularity", unit: "" },
  { key: "aspectRatio", label: "Aspect ratio", unit: "" },
  { key: "roundness", label: "Roundness", unit: "" },
  { key: "solidity", label: "Solidity", unit: "" },
  { key: "meanOdH", label: "Mean OD (haematoxylin)", unit: "" },
  { key: "meanOdE", label: "Mean OD (eosin)", unit: "" },
] as const;
export type FiberFeatureKey = (typeof FIBER_FEATURES)[number]["key"];
export const FIBER_FEATURE_KEYS = FIBER_FEATURES.map((f) => f.key) as [
  FiberFeatureKey,
  ...FiberFeatureKey[],
];

export function isFiberFeatureKey(value: unknown): value is FiberFeatureKey {
  return typeof value === "string" && (FIBER_FEATURE_KEYS as readonly string[]).includes(value);
}

export function describeFiberFeature(key: FiberFeatureKey): { label: string; unit: string } {
  const feature = FIBER_FEATURES.find((f) => f.key === key);
  if (!feature)
    throw new RangeError(`feature must be one of ${FIBER_FEATURE_KEYS.join(", ")}, got ${key}`);
  return feature;
}
