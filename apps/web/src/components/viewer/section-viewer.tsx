"use client";
/**
 * @module viewer/section-viewer
 * The section viewer: OpenLayers over the section's DeepZoom pyramid with
 * server-rendered overlay tiles of a segmentation run, a legend, opacity and
 * toggles, a click-to-inspect fiber panel and the annotation tools. State that
 * others link to (run, overlay, feature, lo/hi) lives in the query string.
 */
import { ANNOTATING_PROPERTY } from "./annotations/use-annotation-interactions";
import "ol/ol.css";
import { hasRoleAtLeast } from "@myoscope/core/auth/project-role";
import { getOverlayVersion } from "@myoscope/core/viewer/get-overlay-version";
import {
  FIBER_FEATURES,
  type FiberFeatureKey,
  OVERLAY_MODES,
  type OverlayMode,
} from "@myoscope/core/viewer/overlay-modes";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import type OlMap from "ol/Map";
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert, Card, Field, Select } from "~/components/ui";
import { api, type RouterOutputs } from "~/trpc/react";
import { AnnotationTools } from "./annotation-tools";
import { mapToPixel } from "./coordinates";
import { createSectionMap, type SectionImage, type SectionMap } from "./create-section-map";
import { ExtractSectionCard } from "./extract-section-card";
import { FiberPanel } from "./fiber-panel";
import { OverlayLegend } from "./overlay-legend";
import { formatViewerUrlState, getOverlayTileUrl, parseViewerUrlState } from "./viewer-url-state";

type Fiber = NonNullable<RouterOutputs["segmentation"]["fiberAt"]>;

const MODE_LABEL: Record<OverlayMode, string> = {
  feature: "Fill by feature",
  contour: "Fiber outlines",
  filtered: "Filtered fibers",
  abnormal: "Small / large fibers",
  connective: "Connective tissue",
  thickness: "Connective thickness",
};

interface TilesInfo {
  width: number;
  height: number;
  tileSize: number;
  maxLevel: number;
  pixelSizeUm: number;
  /** Changes when the pyramid is rebuilt; part of tile URLs so they can be cached. */
  version?: string | number;
}

async function fetchTilesInfo(projectId: string, sectionId: string): Promise<TilesInfo> {
  const response = await fetch(`/api/projects/${projectId}/sections/${sectionId}/tiles/info`);
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { message?: string };
    } | null;
    throw new Error(body?.error?.message ?? `tiles are not available (HTTP ${response.status})`);
  }
  return (await response.json()) as TilesInfo;
}

function parseOptionalNumber(text: string): number | null {
  if (text.trim() === "") return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export function SectionViewer({ projectId, sectionId }: { projectId: string; sectionId: string }) {
  const searchParams = useSearchParams();
  // The query string is read once; afterwards the viewer writes it.
  const [initial] = useState(() =>
    parseViewerUrlState(new URLSearchParams(searchParams.toString())),
  );
  const section = api.section.get.useQuery({ projectId, sectionId });
  const project = api.project.get.useQuery({ projectId });
  const runs = api.segmentation.runs.useQuery({ projectId, sectionId });
  const info = useQuery({
    queryKey: ["tiles-info", projectId, sectionId],
    queryFn: () => fetchTilesInfo(projectId, sectionId),
    retry: false,
  });
  const utils = api.useUtils();

  const succeededRuns = useMemo(
    () => (runs.data ?? []).filter((run) => run.status === "succeeded"),
    [runs.data],
  );
  const [chosenRunId, setChosenRunId] = useState<string | null>(initial.runId);
  const run = succeededRuns.find((r) => r.id === chosenRunId) ?? succeededRuns[0] ?? null;
  const [isOverlayOn, setIsOverlayOn] = useState(
    initial.overlay !== null || initial.runId !== null,
  );
  const [mode, setMode] = useState<OverlayMode>(initial.overlay ?? "feature");
  const [feature, setFeature] = useState<FiberFeatureKey>(initial.feature);
  const [loText, setLoText] = useState(initial.lo === null ? "" : String(initial.lo));
  const [hiText, setHiText] = useState(initial.hi === null ? "" : String(initial.hi));
  const [opacity, setOpacity] = useState(0.75);
  const [selected, setSelected] = useState<Fiber | null>(null);
  const [pickMessage, setPickMessage] = useState<string | null>(null);

  const needsScale = mode === "feature" || mode === "abnormal";
  const scale = api.segmentation.featureRange.useQuery(
    { projectId, feature },
    { enabled: isOverlayOn && needsScale },
  );
  // Abnormal thresholds default to the project's 2nd and 98th percentiles.
  const lo = parseOptionalNumber(loText) ?? scale.data?.min ?? null;
  const hi = parseOptionalNumber(hiText) ?? scale.data?.max ?? null;

  const containerRef = useRef<HTMLDivElement>(null);
  const positionRef = useRef<HTMLSpanElement>(null);
  const [sectionMap, setSectionMap] = useState<SectionMap | null>(null);
  const [olMap, setOlMap] = useState<OlMap | null>(null);

  const image: SectionImage | null = info.data
    ? {
        width: info.data.width,
        height: info.data.height,
        pixelSizeUm: section.data?.pixelSizeUm ?? info.data.pixelSizeUm,
        tileSize: info.data.tileSize,
        maxLevel: info.data.maxLevel,
      }
    : null;
  const tilesVersion = info.data?.version
    ? `?v=${encodeURIComponent(String(info.data.version))}`
    : "";
  const imageKey = image ? JSON.stringify([image, tilesVersion]) : null;

  // One map per section image; everything else updates it in place.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by imageKey
  useEffect(() => {
    const target = containerRef.current;
    if (!image || !target) return;
    const created = createSectionMap({
      target,
      image,
      baseTileUrl: (level, column, row) =>
        `/api/projects/${projectId}/sections/${sectionId}/tiles/${level}/${column}_${row}.jpg${tilesVersion}`,
    });
    if (initial.rect) created.fitPixelRect(initial.rect);
    created.map.on("pointermove", (event) => {
      const span = positionRef.current;
      if (!span) return;
      // Written to the DOM directly: a React render per mouse move would cost frames.
      const [x, y] = event.coordinate as [number, number];
      span.textContent = `x ${x.toFixed(1)} µm · y ${(-y).toFixed(1)} µm`;
    });
    // The view's resolution (µm per screen pixel) on the element, for tests and tools.
    const recordResolution = () => {
      target.dataset.resolution = String(created.map.getView().getResolution() ?? "");
    };
    created.map.on("moveend", recordResolution);
    setSectionMap(created);
    setOlMap(created.map);
    return () => {
      created.dispose();
      setSectionMap(null);
      setOlMap(null);
    };
  }, [imageKey, projectId, sectionId]);

  const version = run ? getOverlayVersion(run) : 0;
  const overlayKey = JSON.stringify([isOverlayOn, run?.id, mode, feature, scale.data, lo, hi]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by overlayKey
  useEffect(() => {
    if (!sectionMap) return;
    if (!isOverlayOn || !run) return sectionMap.setOverlay(null);
    if (mode === "feature" && !scale.data) return;
    if (mode === "abnormal" && (lo === null || hi === null)) return;
    sectionMap.setOverlay(
      getOverlayTileUrl({
        projectId,
        runId: run.id,
        mode,
        feature,
        version,
        ...(mode === "feature" && scale.data ? { min: scale.data.min, max: scale.data.max } : {}),
        ...(mode === "abnormal" && lo !== null && hi !== null ? { lo, hi } : {}),
      }),
    );
  }, [sectionMap, overlayKey]);

  useEffect(() => {
    sectionMap?.overlayLayer.setOpacity(opacity);
  }, [sectionMap, opacity]);

  // Keep the address bar shareable.
  useEffect(() => {
    const query = formatViewerUrlState({
      runId: run?.id ?? null,
      overlay: isOverlayOn ? mode : null,
      feature,
      lo: parseOptionalNumber(loText),
      hi: parseOptionalNumber(hiText),
    });
    window.history.replaceState(
      window.history.state,
      "",
      query ? `?${query}` : window.location.pathname,
    );
  }, [run?.id, isOverlayOn, mode, feature, loText, hiText]);

  // Click → the fiber under the pointer, from the run's labels.
  const mpp = image?.pixelSizeUm ?? null;
  useEffect(() => {
    if (!sectionMap || mpp === null) return;
    const runId = run?.id;
    const key = sectionMap.map.on("singleclick", (event) => {
      if (!runId || sectionMap.map.get(ANNOTATING_PROPERTY) === true) return;
      const [x, y] = mapToPixel(event.coordinate, mpp);
      utils.segmentation.fiberAt
        .fetch({ projectId, runId, x: Math.max(0, x), y: Math.max(0, y) })
        .then((fiber) => {
          setSelected(fiber);
          setPickMessage(fiber ? null : "No fiber at this point.");
          sectionMap.highlight(fiber?.contour ?? null);
        })
        .catch((error: unknown) => setPickMessage((error as Error).message));
    });
    return () => {
      sectionMap.map.un("singleclick", key.listener);
    };
  }, [sectionMap, run?.id, mpp, projectId, utils]);

  const canEdit = project.data ? hasRoleAtLeast(project.data.role, "annotator") : false;
  // section.extract is an editor procedure; the card is not shown to others.
  const canExtract = project.data ? hasRoleAtLeast(project.data.role, "editor") : false;
  const pixelSizeUm = image?.pixelSizeUm ?? section.data?.pixelSizeUm ?? 1;

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <Link
            href={`/projects/${projectId}`}
            className="text-sm text-slate-600 hover:text-slate-900"
          >
            ← Sections
          </Link>
          <h2 className="text-lg font-semibold text-slate-900">
            {section.data?.name ?? "Section"}
          </h2>
          {section.data ? (
            <p className="text-xs text-slate-500">
              {section.data.subject.identifier} · {section.data.width}×{section.data.height} px ·{" "}
              {section.data.pixelSizeUm} µm/px
            </p>
          ) : null}
        </div>
        <p className="text-xs text-slate-500">
          Drag to pan, wheel or +/− to zoom, arrows to move, 0 to fit. Click a fiber to inspect it.
        </p>
      </div>
      {section.error ? <Alert>{section.error.message}</Alert> : null}
      {info.error ? <Alert>{`No tiles for this section yet: ${info.error.message}`}</Alert> : null}
      <div className="flex flex-col gap-3 lg:flex-row">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <div
            ref={containerRef}
            // Focusable so the keyboard interactions receive keys.
            // biome-ignore lint/a11y/noNoninteractiveTabindex: the map is keyboard-navigable
            tabIndex={0}
            role="application"
            aria-label="Section viewer"
            data-testid="section-map"
            className="relative h-[calc(100vh-320px)] min-h-[420px] w-full overflow-hidden rounded-md bg-slate-200 ring-1 ring-slate-300 focus:outline-2 focus:outline-eosin-500"
          />
          <div className="flex justify-between text-xs text-slate-500">
            <span ref={positionRef} data-testid="mouse-position">
              move the pointer over the section
            </span>
            <span>{info.data ? `${info.data.maxLevel + 1} pyramid levels` : ""}</span>
          </div>
          {olMap && image ? (
            <AnnotationTools
              map={olMap}
              projectId={projectId}
              sectionId={sectionId}
              pixelSizeUm={pixelSizeUm}
              canEdit={canEdit}
            />
          ) : null}
        </div>
        <aside className="flex w-full flex-col gap-3 lg:w-80">
          <Card title="Overlay">
            <div className="flex flex-col gap-3 text-sm">
              {succeededRuns.length === 0 ? (
                <p className="text-xs text-slate-500">
                  No finished segmentation run of this section yet.
                </p>
              ) : (
                <>
                  <label className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={isOverlayOn}
                      onChange={(event) => setIsOverlayOn(event.target.checked)}
                    />
                    Show overlay
                  </label>
                  <Field label="Segmentation run" htmlFor="viewer-run">
                    <Select
                      id="viewer-run"
                      value={run?.id ?? ""}
                      onChange={(event) => setChosenRunId(event.target.value)}
                    >
                      {succeededRuns.map((r) => (
                        <option key={r.id} value={r.id}>
                          {`${r.model.name} · ${r.fiberCount ?? 0} fibers · ${r.createdAt.toLocaleString()}`}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field label="Overlay" htmlFor="viewer-overlay">
                    <Select
                      id="viewer-overlay"
                      value={mode}
                      onChange={(event) => setMode(event.target.value as OverlayMode)}
                    >
                      {OVERLAY_MODES.map((m) => (
                        <option key={m} value={m}>
                          {MODE_LABEL[m]}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  {needsScale ? (
                    <Field label="Feature" htmlFor="viewer-feature">
                      <Select
                        id="viewer-feature"
                        value={feature}
                        onChange={(event) => setFeature(event.target.value as FiberFeatureKey)}
                      >
                        {FIBER_FEATURES.map((f) => (
                          <option key={f.key} value={f.key}>
                            {f.unit ? `${f.label} (${f.unit})` : f.label}
                          </option>
                        ))}
                      </Select>
                    </Field>
                  ) : null}
                  {mode === "abnormal" ? (
                    <div className="grid grid-cols-2 gap-2">
                      <label className="flex flex-col gap-1">
                        <span className="text-xs font-medium text-slate-700">Small below</span>
                        <input
                          aria-label="Small below"
                          inputMode="decimal"
                          className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                          placeholder={scale.data ? scale.data.min.toFixed(1) : ""}
                          value={loText}
                          onChange={(event) => setLoText(event.target.value)}
                        />
                      </label>
                      <label className="flex flex-col gap-1">
                        <span className="text-xs font-medium text-slate-700">Large above</span>
                        <input
                          aria-label="Large above"
                          inputMode="decimal"
                          className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                          placeholder={scale.data ? scale.data.max.toFixed(1) : ""}
                          value={hiText}
                          onChange={(event) => setHiText(event.target.value)}
                        />
                      </label>
                    </div>
                  ) : null}
                  <label className="flex flex-col gap-1">
                    <span className="text-xs font-medium text-slate-700">
                      Opacity {Math.round(opacity * 100)} %
                    </span>
                    <input
                      aria-label="Overlay opacity"
                      type="range"
                      min={0}
                      max={1}
                      step={0.05}
                      value={opacity}
                      onChange={(event) => setOpacity(Number(event.target.value))}
                    />
                  </label>
                  {isOverlayOn ? (
                    <OverlayLegend
                      mode={mode}
                      feature={feature}
                      scale={scale.data ?? null}
                      lo={lo}
                      hi={hi}
                    />
                  ) : null}
                  {run ? (
                    <Link
                      href={`/projects/${projectId}/segmentation/${run.id}`}
                      className="text-xs text-eosin-700 hover:underline"
                    >
                      Run results →
                    </Link>
                  ) : null}
                </>
              )}
            </div>
          </Card>
          <Card title="Fiber">
            {selected ? (
              <FiberPanel
                fiber={selected}
                onClose={() => {
                  setSelected(null);
                  sectionMap?.highlight(null);
                }}
              />
            ) : (
              <p className="text-xs text-slate-500">
                {pickMessage ?? "Click a fiber on the map to see its features."}
              </p>
            )}
          </Card>
          {canExtract && image ? (
            <ExtractSectionCard
              projectId={projectId}
              sectionId={sectionId}
              sectionMap={sectionMap}
              image={image}
            />
          ) : null}
        </aside>
      </div>
    </div>
  );
}
