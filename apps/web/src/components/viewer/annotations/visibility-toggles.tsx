"use client";
/**
 * @module viewer/annotations/visibility-toggles
 * Show or hide annotations per class and per author, with each class's colour.
 */
import {
  ANNOTATION_KINDS,
  type AnnotationKind,
  getAnnotationColor,
} from "@myoscope/core/annotations/annotation-classes";
import type { Visibility } from "./annotation-types.ts";

const KIND_NAMES: Record<AnnotationKind, string> = {
  roi: "ROIs",
  region: "Regions",
  exclusion: "Exclusions",
  fiber: "Fibers",
};

export function VisibilityToggles({
  visibility,
  onChange,
  counts,
  authors,
}: {
  visibility: Visibility;
  onChange: (visibility: Visibility) => void;
  counts: Record<AnnotationKind, number>;
  authors: { id: string; name: string; count: number }[];
}) {
  return (
    <fieldset className="flex flex-col gap-1.5">
      <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">Show</legend>
      <div className="flex flex-wrap gap-x-3 gap-y-1">
        {ANNOTATION_KINDS.map((kind) => {
          const [r, g, b] = getAnnotationColor({
            kind,
            label: kind === "exclusion" ? "freezing" : "",
          });
          return (
            <label key={kind} className="flex items-center gap-1.5 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={visibility.kinds[kind]}
                onChange={(event) =>
                  onChange({
                    ...visibility,
                    kinds: { ...visibility.kinds, [kind]: event.target.checked },
                  })
                }
              />
              <span
                aria-hidden
                className="inline-block h-3 w-3 rounded-sm"
                style={{ backgroundColor: `rgb(${r},${g},${b})` }}
              />
              {KIND_NAMES[kind]} ({counts[kind]})
            </label>
          );
        })}
      </div>
      {authors.length > 0 ? (
        <div className="flex flex-wrap gap-x-3 gap-y-1" data-testid="author-toggles">
          {authors.map((author) => (
            <label key={author.id} className="flex items-center gap-1.5 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={!visibility.hiddenAuthors.has(author.id)}
                onChange={(event) => {
                  const hidden = new Set(visibility.hiddenAuthors);
                  if (event.target.checked) hidden.delete(author.id);
                  else hidden.add(author.id);
                  onChange({ ...visibility, hiddenAuthors: hidden });
                }}
              />
              {author.name || "unnamed"} ({author.count})
            </label>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}
