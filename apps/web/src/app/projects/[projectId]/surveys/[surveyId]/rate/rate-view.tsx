"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert, Button, ProgressBar } from "~/components/ui";
import { api } from "~/trpc/react";
import { INITIAL_VIEW, type PanelView, SyncedPanels } from "./synced-panels";

const key = (itemId: string, letter: string, category: string) =>
  `${itemId}\u0000${letter}\u0000${category}`;

interface Cursor {
  index: number;
  categoryIndex: number;
  letter: string;
}

export function RateView({ projectId, surveyId }: { projectId: string; surveyId: string }) {
  const survey = api.survey.rate.useQuery(
    { projectId, surveyId },
    { refetchOnWindowFocus: false, retry: false },
  );
  const grade = api.survey.grade.useMutation();
  const [grades, setGrades] = useState<Map<string, number>>(new Map());
  const [cursor, setCursorState] = useState<Cursor | null>(null);
  const [isOverlayOn, setIsOverlayOn] = useState(true);
  const [view, setView] = useState<PanelView>(INITIAL_VIEW);
  // The keyboard handler reads the cursor through a ref that is written before
  // React re-renders, so fast key presses never act on a stale cursor.
  const cursorRef = useRef<Cursor | null>(null);
  const setCursor = useCallback((next: Cursor) => {
    cursorRef.current = next;
    setCursorState(next);
  }, []);

  const data = survey.data;
  // Resume: load saved grades once and start at the first ROI with a missing grade.
  useEffect(() => {
    if (!data || cursorRef.current) return;
    const saved = new Map(data.grades.map((g) => [key(g.itemId, g.letter, g.category), g.grade]));
    setGrades(saved);
    const firstOpen = data.items.findIndex((item) =>
      item.letters.some((letter) =>
        data.categories.some((c) => !saved.has(key(item.id, letter, c))),
      ),
    );
    setCursor({ index: firstOpen === -1 ? 0 : firstOpen, categoryIndex: 0, letter: "A" });
  }, [data, setCursor]);

  const index = cursor?.index ?? null;
  const categoryIndex = cursor?.categoryIndex ?? 0;
  const activeLetter = cursor?.letter ?? "A";
  const item = data && index !== null ? data.items[index] : undefined;
  const category = data?.categories[categoryIndex] ?? "";
  const total = data?.progress.total ?? 0;
  const graded = grades.size;

  const goTo = useCallback(
    (next: number) => {
      if (!data) return;
      setCursor({
        index: Math.max(0, Math.min(data.items.length - 1, next)),
        categoryIndex: 0,
        letter: "A",
      });
      setView(INITIAL_VIEW);
    },
    [data, setCursor],
  );

  const submit = useCallback(
    (letter: string, value: number) => {
      const current = cursorRef.current;
      const currentItem = current ? data?.items[current.index] : undefined;
      if (!data || !current || !currentItem || !data.isEditable) return;
      const currentCategory = data.categories[current.categoryIndex] ?? "";
      const k = key(currentItem.id, letter, currentCategory);
      setGrades((map) => new Map(map).set(k, value));
      grade.mutate(
        {
          projectId,
          surveyId,
          itemId: currentItem.id,
          letter,
          category: currentCategory,
          grade: value,
        },
        {
          onError: () =>
            setGrades((map) => {
              const next = new Map(map);
              next.delete(k);
              return next;
            }),
        },
      );
      // Advance: the next letter, then the next category of this ROI.
      const letterIndex = currentItem.letters.indexOf(letter);
      if (letterIndex < currentItem.letters.length - 1) {
        setCursor({ ...current, letter: currentItem.letters[letterIndex + 1] ?? letter });
      } else if (current.categoryIndex < data.categories.length - 1) {
        setCursor({
          ...current,
          categoryIndex: current.categoryIndex + 1,
          letter: currentItem.letters[0] ?? "A",
        });
      }
    },
    [data, grade, projectId, surveyId, setCursor],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const current = cursorRef.current;
      if (!data || !current) return;
      const target = event.target as HTMLElement | null;
      if (target && ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
      const currentItem = data.items[current.index];
      const digit = Number(event.key);
      if (Number.isInteger(digit) && digit >= 1 && digit <= data.scale.length) {
        submit(current.letter, digit);
      } else if (event.key === "ArrowRight" || event.key === "n") {
        goTo(current.index + 1);
      } else if (event.key === "ArrowLeft" || event.key === "p") {
        goTo(current.index - 1);
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        const step = event.key === "ArrowDown" ? 1 : -1;
        setCursor({
          ...current,
          categoryIndex: Math.max(
            0,
            Math.min(data.categories.length - 1, current.categoryIndex + step),
          ),
          letter: "A",
        });
      } else if (event.key === "o") {
        setIsOverlayOn((on) => !on);
      } else if (
        /^[a-z]$/i.test(event.key) &&
        currentItem?.letters.includes(event.key.toUpperCase())
      ) {
        setCursor({ ...current, letter: event.key.toUpperCase() });
      } else {
        return;
      }
      event.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [data, submit, goTo, setCursor]);

  const panels = useMemo(() => {
    if (!item) return [];
    const base = `/api/projects/${projectId}/surveys/${surveyId}/items/${item.id}`;
    return item.letters.map((letter) => ({
      key: letter,
      title: letter,
      src: isOverlayOn ? `${base}/${letter}/${categoryIndex}.png` : `${base}/crop.png`,
      footer: (
        <fieldset className="flex flex-wrap justify-center gap-1" aria-label={`Grade ${letter}`}>
          {data?.scale.map((label, i) => {
            const isChosen = grades.get(key(item.id, letter, category)) === i + 1;
            return (
              <button
                key={label}
                type="button"
                disabled={!data.isEditable}
                aria-pressed={isChosen}
                onClick={() => submit(letter, i + 1)}
                className={`rounded-md px-2 py-1 text-xs font-medium ring-1 disabled:opacity-60 ${isChosen ? "bg-eosin-600 text-white ring-eosin-600" : "bg-white text-slate-800 ring-slate-300 hover:bg-slate-100"}`}
              >
                <span className="mr-1 font-mono text-[10px] opacity-70">{i + 1}</span>
                {label}
              </button>
            );
          })}
        </fieldset>
      ),
    }));
  }, [item, isOverlayOn, categoryIndex, category, data, grades, projectId, surveyId, submit]);

  if (survey.error) return <Alert>{survey.error.message}</Alert>;
  if (!data || index === null) return <p className="text-sm text-slate-500">Loading…</p>;
  if (!item) return <Alert kind="info">This survey has no ROIs.</Alert>;
  const percent = total === 0 ? 0 : (100 * graded) / total;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <h2 className="text-lg font-semibold text-slate-900">{data.name}</h2>
        {data.instructions ? (
          <p className="max-w-3xl text-sm text-slate-600">{data.instructions}</p>
        ) : null}
      </div>
      {!data.isEditable ? (
        <Alert kind="info">This survey is {data.status}: your grades can no longer change.</Alert>
      ) : null}
      {grade.error ? <Alert>{grade.error.message}</Alert> : null}
      <div className="flex items-center gap-3">
        <div className="flex-1">
          <ProgressBar value={percent} label="Survey progress" />
        </div>
        <span className="text-sm text-slate-600" data-testid="rate-progress">
          {graded} / {total} graded
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" onClick={() => goTo(index - 1)} disabled={index === 0}>
          ← Previous ROI
        </Button>
        <span className="text-sm font-medium" data-testid="rate-position">
          ROI {index + 1} of {data.items.length}
        </span>
        <Button
          variant="secondary"
          onClick={() => goTo(index + 1)}
          disabled={index === data.items.length - 1}
        >
          Next ROI →
        </Button>
        <label className="ml-4 flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            checked={isOverlayOn}
            onChange={(e) => setIsOverlayOn(e.target.checked)}
          />
          Show masks (o)
        </label>
        <span className="text-xs text-slate-500">
          ROI {Math.round(item.roi.width * item.pixelSizeUm)}×
          {Math.round(item.roi.height * item.pixelSizeUm)} µm · wheel to zoom, drag to pan · keys 1–
          {data.scale.length} grade, ←/→ ROI, ↑/↓ category
        </span>
      </div>
      <div className="flex flex-wrap gap-1" role="tablist" aria-label="Category">
        {data.categories.map((c, i) => {
          const done = item.letters.every((l) => grades.has(key(item.id, l, c)));
          return (
            <button
              key={c}
              type="button"
              role="tab"
              aria-selected={i === categoryIndex}
              onClick={() => cursor && setCursor({ ...cursor, categoryIndex: i, letter: "A" })}
              className={`rounded-t-md border-b-2 px-3 py-1.5 text-sm ${i === categoryIndex ? "border-eosin-600 font-medium text-eosin-700" : "border-transparent text-slate-600"}`}
            >
              {c}
              {done ? " ✓" : ""}
            </button>
          );
        })}
      </div>
      <SyncedPanels panels={panels} view={view} onViewChange={setView} activeKey={activeLetter} />
    </div>
  );
}
