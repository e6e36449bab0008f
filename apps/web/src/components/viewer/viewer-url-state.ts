/**
 * @module viewer/viewer-url-state
 * The section viewer's query string (CONTRACTS.md): `run`, `overlay`, `feature`,
 * `lo`/`hi` (abnormal thresholds, µm) and `x,y,w,h` (a level-0 pixel rectangle to
 * fit on open), so survey and cohort pages can deep-link into a view. Invalid
 * values are ignored rather than breaking the page.
 */
import {
  type FiberFeatureKey,
  isFiberFeatureKey,
  isOverlayMode,
  type OverlayMode,
} from "@myoscope/core/viewer/overlay-modes";

export interface ViewerUrlState {
  runId: string | null;
  overlay: OverlayMode | null;
  feature: FiberFeatureKey;
  lo: number | null;
  hi: number | null;
  rect: { x: number; y: number; w: number; h: number } | null;
}

function readNumber(params: URLSearchParams, name: string): number | null {
  const raw = params.get(name);
  if (raw === null || raw.trim() === "") return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

export function parseViewerUrlState(params: URLSearchParams): ViewerUrlState {
  const overlay = params.get("overlay");
  const feature = params.get("feature");
  const [x, y, w, h] = ["x", "y", "w", "h"].map((name) => readNumber(params, name));
  const hasRect = x != null && y != null && w != null && h != null && w > 0 && h > 0;
  return {
    runId: params.get("run") || null,
    overlay: isOverlayMode(overlay) ? overlay : null,
    feature: isFiberFeatureKey(feature) ? feature : "minFeretUm",
    lo: readNumber(params, "lo"),
    hi: readNumber(params, "hi"),
    rect: hasRect ? { x, y, w, h } : null,
  };
}

/** Query string of the viewer state (the rectangle is only read, never written back). */
export function formatViewerUrlState(state: Omit<ViewerUrlState, "rect">): string {
  const params = new URLSearchParams();
  if (state.runId) params.set("run", state.runId);
  if (state.overlay) params.set("overlay", state.overlay);
  if (state.overlay === "feature" || state.overlay === "abnormal")
    params.set("feature", state.feature);
  if (state.overlay === "abnormal") {
    if (state.lo !== null) params.set("lo", String(state.lo));
    if (state.hi !== null) params.set("hi", String(state.hi));
  }
  return params.toString();
}

export interface OverlayTileQuery {
  projectId: string;
  runId: string;
  mode: OverlayMode;
  feature: FiberFeatureKey;
  /** Feature colour scale (the project's range). */
  min?: number;
  max?: number;
  lo?: number;
  hi?: number;
  /** The run's finish time: tiles of one version never change, so the browser may cache them. */
  version: number;
}

/** URL template of the overlay tiles of `query`. */
export function getOverlayTileUrl(query: OverlayTileQuery) {
  const params = new URLSearchParams({
    mode: query.mode,
    feature: query.feature,
    v: String(query.version),
  });
  for (const name of ["min", "max", "lo", "hi"] as const) {
    const value = query[name];
    if (value !== undefined) params.set(name, String(value));
  }
  const base = `/api/projects/${query.projectId}/segmentation-runs/${query.runId}/overlay-tiles`;
  return (level: number, column: number, row: number) =>
    `${base}/${level}/${column}_${row}.png?${params}`;
}
