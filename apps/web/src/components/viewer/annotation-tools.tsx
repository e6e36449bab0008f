"use client";
/**
 * @module viewer/annotation-tools
 * Annotation layer and toolbar mounted on the section viewer's OpenLayers
 * map: draw ROIs, regions, exclusions and fiber outlines, edit, delete and
 * undo (Ctrl+Z) one's own steps, see collaborators' changes within seconds,
 * import/export GeoJSON and edit fiber ground truth (accept, merge, split).
 * Viewers (`canEdit` false) see the annotations but get no tools.
 */
import {
  ANNOTATION_KINDS,
  type AnnotationKind,
} from "@myoscope/core/annotations/annotation-classes";
import { createSquareRoi } from "@myoscope/core/annotations/create-square-roi";
import type { PolygonGeometry } from "@myoscope/core/annotations/polygon-geometry";
import type Feature from "ol/Feature";
import type Polygon from "ol/geom/Polygon";
import type OlMap from "ol/Map";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert, Button, Select } from "~/components/ui";
import { api } from "~/trpc/react";
import { toMapPolygon, toPixelGeometry, toPixelLine } from "./annotations/annotation-geometry.ts";
import { AnnotationList } from "./annotations/annotation-list.tsx";
import { isLive } from "./annotations/annotation-store.ts";
import type {
  Annotation,
  AnnotationTool,
  DrawClass,
  UndoEntry,
  Visibility,
} from "./annotations/annotation-types.ts";
import { ClassPicker } from "./annotations/class-picker.tsx";
import {
  type InteractionHandlers,
  useAnnotationInteractions,
} from "./annotations/use-annotation-interactions.ts";
import { isVisible, useAnnotationLayer } from "./annotations/use-annotation-layer.ts";
import { useAnnotationSync } from "./annotations/use-annotation-sync.ts";
import { VisibilityToggles } from "./annotations/visibility-toggles.tsx";
import { mapToPixel } from "./coordinates.ts";

export interface AnnotationToolsProps {
  map: OlMap;
  projectId: string;
  sectionId: string;
  pixelSizeUm: number;
  canEdit: boolean;
}

const TOOLS: { tool: AnnotationTool; name: string; hint: string }[] = [
  {
    tool: "select",
    name: "Select",
    hint: "Click to select (Shift: add), drag to move, drag a vertex to reshape",
  },
  {
    tool: "polygon",
    name: "Polygon",
    hint: "Click the corners; double-click or click the first point to finish",
  },
  { tool: "rectangle", name: "Rectangle", hint: "Click one corner, then the opposite one" },
  { tool: "freehand", name: "Freehand", hint: "Press and drag to draw the outline" },
  { tool: "square", name: "Square ROI", hint: "Click where the ROI's centre goes" },
];

const MAX_UNDO = 100;

export function AnnotationTools({
  map,
  projectId,
  sectionId,
  pixelSizeUm,
  canEdit,
}: AnnotationToolsProps) {
  const utils = api.useUtils();
  const client = utils.client.annotation;
  const section = api.section.get.useQuery({ projectId, sectionId });
  const size =
    section.data?.width && section.data.height
      ? { width: section.data.width, height: section.data.height }
      : null;
  const {
    annotations,
    apply,
    refresh,
    error: syncError,
    isLoaded,
  } = useAnnotationSync({
    projectId,
    sectionId,
  });
  const [visibility, setVisibility] = useState<Visibility>({
    kinds: { roi: true, region: true, exclusion: true, fiber: true },
    hiddenAuthors: new Set(),
  });
  const [tool, setTool] = useState<AnnotationTool>("select");
  const [drawClass, setDrawClass] = useState<DrawClass>({ kind: "roi", label: "" });
  const [roiSizeUm, setRoiSizeUm] = useState("400");
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [runId, setRunId] = useState("");
  const [roiImportKind, setRoiImportKind] = useState<AnnotationKind>("fiber");
  const undoStack = useRef<UndoEntry[]>([]);
  const latest = useRef(annotations);
  latest.current = annotations;

  const layer = useAnnotationLayer(map, annotations, visibility, pixelSizeUm);

  /** Runs one server call, reporting its error; returns undefined on failure. */
  const run = useCallback(
    async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
      setIsBusy(true);
      setError(null);
      try {
        return await action();
      } catch (e) {
        setError((e as Error).message);
        // A conflict or a failed edit leaves the map showing our attempt: reload the truth.
        refresh();
        return undefined;
      } finally {
        setIsBusy(false);
      }
    },
    [refresh],
  );

  const pushUndo = useCallback((entry: UndoEntry) => {
    undoStack.current.push(entry);
    if (undoStack.current.length > MAX_UNDO) undoStack.current.shift();
  }, []);

  const createShape = useCallback(
    async (geometry: PolygonGeometry, shape: string) => {
      const created = await run(() =>
        client.create.mutate({
          projectId,
          sectionId,
          ...drawClass,
          shape: shape as "polygon",
          geometry,
        }),
      );
      if (!created) return;
      apply([created]);
      pushUndo({ type: "create", annotationId: created.id });
      setNotice(null);
    },
    [run, client, projectId, sectionId, drawClass, apply, pushUndo],
  );

  const handlers = useRef<InteractionHandlers>({
    onDrawn: () => {},
    onSquareAt: () => {},
    onCutLine: () => {},
    onEdited: () => {},
    onSelectionChange: () => {},
  });
  handlers.current = {
    onDrawn: (polygon, shape) =>
      void createShape(toPixelGeometry(polygon, pixelSizeUm, size), shape),
    onSquareAt: (coordinate) => {
      const sizeUm = Number(roiSizeUm);
      try {
        const geometry = createSquareRoi(mapToPixel(coordinate, pixelSizeUm), {
          sizeUm,
          pixelSizeUm,
          ...(size ? { bounds: size } : {}),
        });
        void createShape(geometry, "square");
      } catch (e) {
        setError((e as Error).message);
      }
    },
    onCutLine: (coordinates) => {
      const fiber = selectedFiber(selectedIds, latest.current);
      if (!fiber) {
        setError("Select one fiber first, then draw the cut line across it.");
        return;
      }
      void run(async () => {
        const result = await client.splitFiber.mutate({
          projectId,
          annotationId: fiber.id,
          version: fiber.version,
          line: toPixelLine(coordinates, pixelSizeUm),
        });
        apply(result.annotations);
        refresh();
        setSelectedIds([]);
        setTool("select");
        setNotice("Fiber split in two.");
      });
    },
    onEdited: (features: Feature<Polygon>[]) => {
      for (const feature of features) {
        const known = latest.current.get(String(feature.getId()));
        const polygon = feature.getGeometry();
        if (!known || !polygon) continue;
        const geometry = toPixelGeometry(polygon, pixelSizeUm, size);
        // A click on a selected shape is a zero-length translate: nothing to save.
        if (JSON.stringify(geometry) === JSON.stringify(known.geometry)) continue;
        void run(async () => {
          const updated = await client.update.mutate({
            projectId,
            annotationId: known.id,
            version: known.version,
            geometry,
          });
          apply([updated]);
          pushUndo({
            type: "update",
            annotationId: known.id,
            before: { geometry: known.geometry, kind: known.kind, label: known.label },
          });
          return updated;
        }).then((updated) => {
          // Refused (conflict, outside the image): put the shape back where the server has it.
          if (!updated) feature.setGeometry(toMapPolygon(known.geometry, pixelSizeUm));
        });
      }
    },
    onSelectionChange: setSelectedIds,
  };

  const selectRef = useAnnotationInteractions(map, layer, tool, canEdit, handlers);

  const deleteSelected = useCallback(async () => {
    for (const id of selectedIds) {
      const known = latest.current.get(id);
      if (!known || !isLive(known)) continue;
      const deleted = await run(() =>
        client.delete.mutate({ projectId, annotationId: id, version: known.version }),
      );
      if (!deleted) return;
      apply([deleted]);
      pushUndo({ type: "delete", annotationId: id });
    }
    selectRef.current?.getFeatures().clear();
    setSelectedIds([]);
  }, [selectedIds, run, client, projectId, apply, selectRef, pushUndo]);

  const undo = useCallback(async () => {
    const entry = undoStack.current.pop();
    if (!entry) {
      setNotice("Nothing to undo.");
      return;
    }
    const known = latest.current.get(entry.annotationId);
    if (!known) return;
    const base = { projectId, annotationId: known.id, version: known.version };
    const result = await run(() =>
      entry.type === "create"
        ? client.delete.mutate(base)
        : entry.type === "delete"
          ? client.restore.mutate(base)
          : client.update.mutate({ ...base, ...entry.before }),
    );
    if (result) {
      apply([result]);
      setNotice(
        `Undid ${entry.type === "create" ? "drawing" : entry.type === "delete" ? "delete" : "edit"}.`,
      );
    }
  }, [run, client, projectId, apply]);

  useEffect(() => {
    if (!canEdit) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName)) return;
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z") {
        event.preventDefault();
        void undo();
      } else if (event.key === "Delete" || event.key === "Backspace") {
        if (selectedIds.length > 0) {
          event.preventDefault();
          void deleteSelected();
        }
      } else if (event.key === "Escape") {
        setTool("select");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [canEdit, undo, deleteSelected, selectedIds]);

  const live = useMemo(() => [...annotations.values()].filter(isLive), [annotations]);
  const counts = useMemo(() => {
    const result = Object.fromEntries(ANNOTATION_KINDS.map((k) => [k, 0])) as Record<
      AnnotationKind,
      number
    >;
    for (const a of live) result[a.kind]++;
    return result;
  }, [live]);
  const authors = useMemo(() => {
    const byId = new Map<string, { id: string; name: string; count: number }>();
    for (const a of live) {
      const entry = byId.get(a.author.id) ?? { id: a.author.id, name: a.author.name, count: 0 };
      entry.count++;
      byId.set(a.author.id, entry);
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [live]);
  const visibleList = useMemo(
    () => live.filter((a) => isVisible(a, visibility)),
    [live, visibility],
  );
  const selectedFibers = selectedIds
    .map((id) => annotations.get(id))
    .filter((a): a is Annotation => a?.kind === "fiber" && isLive(a));
  const runs = api.segmentation.runs.useQuery({ projectId, sectionId }, { enabled: canEdit });
  const finishedRuns = runs.data?.filter((r) => r.status === "succeeded") ?? [];
  const exportHref = `/api/projects/${projectId}/sections/${sectionId}/annotations.geojson`;
  const labelsHref = `/api/projects/${projectId}/sections/${sectionId}/fiber-labels.png`;

  return (
    <section
      aria-label="Annotations"
      className="flex flex-col gap-3 text-sm"
      data-testid="annotation-tools"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-900">Annotations</h2>
        <span className="text-xs text-slate-500" data-testid="annotation-count">
          {isLoaded ? `${live.length} annotation${live.length === 1 ? "" : "s"}` : "loading…"}
        </span>
      </div>
      {syncError ? <Alert>{syncError}</Alert> : null}
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="info">{notice}</Alert> : null}
      {canEdit ? (
        <div role="toolbar" aria-label="Annotation tools" className="flex flex-col gap-2">
          <ClassPicker value={drawClass} onChange={setDrawClass} />
          <div className="flex flex-wrap gap-1">
            {TOOLS.map(({ tool: t, name, hint }) => (
              <Button
                key={t}
                type="button"
                variant={tool === t ? "primary" : "secondary"}
                aria-pressed={tool === t}
                title={hint}
                onClick={() => setTool(t)}
              >
                {name}
              </Button>
            ))}
          </div>
          {tool === "square" ? (
            <label className="flex items-center gap-2 text-xs font-medium text-slate-700">
              ROI size (µm)
              <input
                aria-label="ROI size (µm)"
                type="number"
                min={1}
                step="any"
                value={roiSizeUm}
                onChange={(event) => setRoiSizeUm(event.target.value)}
                className="w-24 rounded-md border border-slate-300 px-2 py-1 text-sm"
              />
            </label>
          ) : null}
          <p className="text-xs text-slate-500">
            {TOOLS.find((t) => t.tool === tool)?.hint ?? "Draw a line across the selected fiber"}
          </p>
          <div className="flex flex-wrap gap-1">
            <Button
              type="button"
              variant="danger"
              disabled={selectedIds.length === 0 || isBusy}
              onClick={() => void deleteSelected()}
            >
              Delete selected
            </Button>
            <Button
              type="button"
              variant="secondary"
              disabled={isBusy}
              onClick={() => void undo()}
              title="Ctrl+Z"
            >
              Undo
            </Button>
            <Button
              type="button"
              variant="secondary"
              disabled={selectedIds.length === 0 || isBusy}
              title="Give the selected annotations the class chosen above"
              onClick={() => {
                for (const id of selectedIds) {
                  const known = latest.current.get(id);
                  if (!known) continue;
                  void run(async () => {
                    const updated = await client.update.mutate({
                      projectId,
                      annotationId: id,
                      version: known.version,
                      ...drawClass,
                    });
                    apply([updated]);
                    pushUndo({
                      type: "update",
                      annotationId: id,
                      before: { geometry: known.geometry, kind: known.kind, label: known.label },
                    });
                  });
                }
              }}
            >
              Apply class to selection
            </Button>
            {selectedIds.length > 0 ? (
              <span className="self-center text-xs text-slate-600" data-testid="selection-count">
                {selectedIds.length} selected
              </span>
            ) : null}
          </div>
          <div className="flex flex-wrap items-center gap-1 border-t border-slate-100 pt-2">
            <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">
              Fibers
            </span>
            <Button
              type="button"
              variant="secondary"
              disabled={selectedFibers.length < 2 || isBusy}
              onClick={() =>
                void run(async () => {
                  const result = await client.mergeFibers.mutate({
                    projectId,
                    annotationIds: selectedFibers.map((f) => f.id),
                  });
                  apply([result.annotation]);
                  refresh();
                  selectRef.current?.getFeatures().clear();
                  setSelectedIds([]);
                  setNotice(`Merged ${result.deletedIds.length} fibers.`);
                })
              }
            >
              Merge fibers
            </Button>
            <Button
              type="button"
              variant={tool === "split" ? "primary" : "secondary"}
              aria-pressed={tool === "split"}
              disabled={(selectedFibers.length !== 1 && tool !== "split") || isBusy}
              onClick={() => setTool(tool === "split" ? "select" : "split")}
            >
              Split fiber
            </Button>
            <Select
              aria-label="Segmentation run"
              value={runId}
              onChange={(event) => setRunId(event.target.value)}
            >
              <option value="">Run…</option>
              {finishedRuns.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.model.name} · {r.fiberCount ?? 0} fibers · {r.createdAt.toLocaleDateString()}
                </option>
              ))}
            </Select>
            <Button
              type="button"
              variant="secondary"
              disabled={!runId || isBusy}
              onClick={() =>
                void run(async () => {
                  const result = await client.acceptFibers.mutate({ projectId, runId });
                  refresh();
                  setNotice(
                    `Accepted ${result.created} fibers from the run (${result.skipped} were already accepted).`,
                  );
                })
              }
            >
              Accept fibers from run
            </Button>
          </div>
        </div>
      ) : (
        <p className="text-xs text-slate-600" data-testid="annotations-read-only">
          Read-only: your role can view annotations but not draw or edit them.
        </p>
      )}
      <VisibilityToggles
        visibility={visibility}
        onChange={setVisibility}
        counts={counts}
        authors={authors}
      />
      <AnnotationList
        annotations={visibleList}
        pixelSizeUm={pixelSizeUm}
        selectedIds={new Set(selectedIds)}
      />
      <div className="flex flex-wrap items-center gap-2 border-t border-slate-100 pt-2">
        <a
          className="text-sm font-medium text-eosin-700 hover:underline"
          href={exportHref}
          download
        >
          Export GeoJSON
        </a>
        <a
          className="text-sm font-medium text-eosin-700 hover:underline"
          href={labelsHref}
          download
        >
          Fiber label mask (PNG)
        </a>
        {canEdit ? (
          <label className="text-sm font-medium text-slate-700">
            <span>Import GeoJSON</span>
            <input
              type="file"
              aria-label="Import GeoJSON"
              accept=".geojson,.json,application/geo+json,application/json"
              className="ml-2 text-xs"
              onChange={async (event) => {
                const input = event.currentTarget;
                const file = input.files?.[0];
                if (!file) return;
                const text = await file.text();
                const result = await run(() =>
                  client.importGeoJson.mutate({ projectId, sectionId, text }),
                );
                input.value = "";
                if (result) {
                  refresh();
                  setNotice(
                    `Imported ${result.count} annotation${result.count === 1 ? "" : "s"} from ${file.name}.`,
                  );
                }
              }}
            />
          </label>
        ) : null}
        {canEdit ? (
          <div className="flex items-center gap-2 text-sm font-medium text-slate-700">
            <span>Import ImageJ ROIs as</span>
            <Select
              aria-label="Kind of imported ImageJ ROIs"
              value={roiImportKind}
              onChange={(event) => setRoiImportKind(event.target.value as AnnotationKind)}
            >
              <option value="fiber">fibers</option>
              <option value="roi">ROIs</option>
              <option value="region">regions</option>
              <option value="exclusion">exclusions</option>
            </Select>
            <input
              type="file"
              aria-label="Import ImageJ ROIs"
              accept=".roi,.zip,application/zip"
              className="text-xs"
              onChange={async (event) => {
                const input = event.currentTarget;
                const file = input.files?.[0];
                if (!file) return;
                const base64 = encodeBase64(new Uint8Array(await file.arrayBuffer()));
                const result = await run(() =>
                  client.importImageJRois.mutate({
                    projectId,
                    sectionId,
                    fileName: file.name,
                    base64,
                    kind: roiImportKind,
                  }),
                );
                input.value = "";
                if (result) {
                  refresh();
                  setNotice(
                    `Imported ${result.count} ROI${result.count === 1 ? "" : "s"} from ${file.name}${result.skipped > 0 ? ` (${result.skipped} without an area skipped)` : ""}.`,
                  );
                }
              }}
            />
          </div>
        ) : null}
      </div>
    </section>
  );
}

/** Base64 of bytes, in slices: spreading a whole file into fromCharCode overflows the stack. */
function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function selectedFiber(
  ids: string[],
  annotations: ReadonlyMap<string, Annotation>,
): Annotation | null {
  const fibers = ids
    .map((id) => annotations.get(id))
    .filter((a) => a?.kind === "fiber" && isLive(a));
  return fibers.length === 1 ? (fibers[0] ?? null) : null;
}
