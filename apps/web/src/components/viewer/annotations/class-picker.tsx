"use client";
/**
 * @module viewer/annotations/class-picker
 * Which class the next shape gets: ROI (optional name), a named muscle
 * region, an exclusion type, or a fiber outline.
 */
import {
  type AnnotationKind,
  EXCLUSION_CLASS_NAMES,
  EXCLUSION_LABELS,
  REGION_CHOICES,
} from "@myoscope/core/annotations/annotation-classes";
import { useId } from "react";
import { Input, Select } from "~/components/ui";
import type { DrawClass } from "./annotation-types.ts";

const KIND_NAMES: Record<AnnotationKind, string> = {
  roi: "ROI",
  region: "Muscle region",
  exclusion: "Exclusion",
  fiber: "Fiber (ground truth)",
};

export function ClassPicker({
  value,
  onChange,
}: {
  value: DrawClass;
  onChange: (value: DrawClass) => void;
}) {
  const id = useId();
  return (
    <div className="flex flex-wrap items-end gap-2">
      <div className="flex flex-col gap-1 text-xs font-medium text-slate-700">
        <label htmlFor={`${id}-class`}>Class</label>
        <Select
          id={`${id}-class`}
          aria-label="Annotation class"
          value={value.kind}
          onChange={(event) => {
            const kind = event.target.value as AnnotationKind;
            const label =
              kind === "region" ? REGION_CHOICES[0] : kind === "exclusion" ? "freezing" : "";
            onChange({ kind, label });
          }}
        >
          {Object.entries(KIND_NAMES).map(([kind, name]) => (
            <option key={kind} value={kind}>
              {name}
            </option>
          ))}
        </Select>
      </div>
      {value.kind === "region" ? (
        <div className="flex flex-col gap-1 text-xs font-medium text-slate-700">
          <label htmlFor={`${id}-region`}>Region name</label>
          <Input
            id={`${id}-region`}
            aria-label="Region name"
            list="myoscope-region-choices"
            value={value.label}
            onChange={(event) => onChange({ kind: "region", label: event.target.value })}
            placeholder="M. soleus"
          />
          <datalist id="myoscope-region-choices">
            {REGION_CHOICES.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
      ) : null}
      {value.kind === "exclusion" ? (
        <div className="flex flex-col gap-1 text-xs font-medium text-slate-700">
          <label htmlFor={`${id}-exclusion`}>Exclusion type</label>
          <Select
            id={`${id}-exclusion`}
            aria-label="Exclusion type"
            value={value.label}
            onChange={(event) => onChange({ kind: "exclusion", label: event.target.value })}
          >
            {EXCLUSION_LABELS.map((label) => (
              <option key={label} value={label}>
                {EXCLUSION_CLASS_NAMES[label]}
              </option>
            ))}
          </Select>
        </div>
      ) : null}
      {value.kind === "roi" ? (
        <div className="flex flex-col gap-1 text-xs font-medium text-slate-700">
          <label htmlFor={`${id}-roi`}>ROI name</label>
          <Input
            id={`${id}-roi`}
            aria-label="ROI name"
            value={value.label}
            onChange={(event) => onChange({ kind: "roi", label: event.target.value })}
            placeholder="optional"
          />
        </div>
      ) : null}
    </div>
  );
}
