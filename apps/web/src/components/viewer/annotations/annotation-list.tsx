"use client";
/**
 * @module viewer/annotations/annotation-list
 * The section's ROIs, regions and exclusions with their authors (fibers,
 * possibly thousands, are only counted).
 */
import {
  getAnnotationColor,
  getQuPathClassName,
} from "@myoscope/core/annotations/annotation-classes";
import { measurePolygonArea } from "@myoscope/core/annotations/measure-polygon";
import type { Annotation } from "./annotation-types.ts";

export function AnnotationList({
  annotations,
  pixelSizeUm,
  selectedIds,
}: {
  annotations: Annotation[];
  pixelSizeUm: number;
  selectedIds: ReadonlySet<string>;
}) {
  const shown = annotations.filter((a) => a.kind !== "fiber");
  if (shown.length === 0) return null;
  return (
    <ul className="flex max-h-48 flex-col divide-y divide-slate-100 overflow-y-auto text-sm">
      {shown.map((a) => {
        const [r, g, b] = getAnnotationColor(a);
        const areaMm2 = (measurePolygonArea(a.geometry) * pixelSizeUm * pixelSizeUm) / 1e6;
        return (
          <li
            key={a.id}
            data-testid="annotation-item"
            data-kind={a.kind}
            className={`flex items-center gap-2 py-1 ${selectedIds.has(a.id) ? "bg-amber-50" : ""}`}
          >
            <span
              aria-hidden
              className="inline-block h-3 w-3 shrink-0 rounded-sm"
              style={{ backgroundColor: `rgb(${r},${g},${b})` }}
            />
            <span className="font-medium text-slate-800">{getQuPathClassName(a)}</span>
            {a.kind === "roi" && a.label ? <span className="text-slate-600">{a.label}</span> : null}
            <span className="text-xs text-slate-500">{areaMm2.toFixed(3)} mm²</span>
            <span className="ml-auto truncate text-xs text-slate-500">{a.author.name}</span>
          </li>
        );
      })}
    </ul>
  );
}
