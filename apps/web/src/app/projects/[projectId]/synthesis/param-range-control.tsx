"use client";

import { useEffect, useId, useState } from "react";
import type { SynthesisParamInfo } from "~/server/synthesis/describe-synthesis-params";
import { formatRange, formatValue, niceStep, type RangeValue, toRange } from "./synthesis-format";

/** A number field that keeps what is typed until it is a valid number, then commits it. */
function NumberCell({
  id,
  label,
  value,
  info,
  onCommit,
}: {
  id: string;
  label: string;
  value: number;
  info: SynthesisParamInfo;
  onCommit: (value: number) => void;
}) {
  const [text, setText] = useState(formatValue(value));
  useEffect(() => setText(formatValue(value)), [value]);
  const parsed = text.trim() === "" ? Number.NaN : Number(text);
  const isValid =
    Number.isFinite(parsed) &&
    parsed >= info.min &&
    parsed <= info.max &&
    (!info.isInteger || Number.isInteger(parsed));
  return (
    <input
      id={id}
      aria-label={label}
      type="number"
      inputMode="decimal"
      min={info.min}
      max={info.max}
      step={niceStep(info.min, info.max, info.isInteger)}
      value={text}
      aria-invalid={!isValid}
      onChange={(event) => {
        setText(event.target.value);
        const next = Number(event.target.value);
        if (
          event.target.value.trim() !== "" &&
          Number.isFinite(next) &&
          next >= info.min &&
          next <= info.max &&
          (!info.isInteger || Number.isInteger(next))
        ) {
          onCommit(next);
        }
      }}
      onBlur={() => setText(formatValue(value))}
      className={`w-20 rounded-md border bg-white px-1.5 py-1 text-right text-xs tabular-nums shadow-sm focus:outline-none focus:ring-2 ${isValid ? "border-slate-300 focus:border-eosin-500 focus:ring-eosin-100" : "border-red-400 focus:ring-red-100"}`}
    />
  );
}

/** Where a value sits on the parameter's full scale, in percent. */
function toPercent(value: number, info: SynthesisParamInfo): number {
  return info.max === info.min ? 0 : (100 * (value - info.min)) / (info.max - info.min);
}

/**
 * One parameter as a [min, max] range that each image of a run samples from,
 * against the parameter's full scale and the preset's own range.
 */
export function ParamRangeControl({
  info,
  value,
  presetValue,
  onChange,
  onReset,
  disabled = false,
}: {
  info: SynthesisParamInfo;
  value: RangeValue | undefined;
  presetValue: RangeValue | undefined;
  onChange: (range: [number, number]) => void;
  onReset: () => void;
  disabled?: boolean;
}) {
  const id = useId();
  const [min, max] = toRange(value);
  const [presetMin, presetMax] = toRange(presetValue);
  const isOverridden = min !== presetMin || max !== presetMax;
  const unit = info.unit ? ` (${info.unit})` : "";
  return (
    <div
      className={`flex flex-col gap-1 rounded-md px-2 py-1.5 ${isOverridden ? "bg-eosin-50" : ""}`}
      data-testid={`param-${info.key}`}
    >
      <div className="flex items-center justify-between gap-2">
        <div className="flex min-w-0 items-center gap-1">
          <label htmlFor={`${id}-min`} className="truncate text-xs font-medium text-slate-800">
            {info.label}
            <span className="font-normal text-slate-500">{unit}</span>
          </label>
          <span className="group relative inline-flex">
            <button
              type="button"
              aria-label={`About ${info.label}`}
              className="flex h-4 w-4 items-center justify-center rounded-full bg-slate-200 text-[10px] font-semibold text-slate-600 hover:bg-slate-300 focus-visible:outline-2 focus-visible:outline-eosin-500"
            >
              ?
            </button>
            <span
              role="tooltip"
              className="pointer-events-none absolute bottom-full left-1/2 z-20 mb-1.5 hidden w-64 -translate-x-1/2 rounded-md bg-slate-900 px-2.5 py-1.5 text-xs leading-snug text-white shadow-lg group-focus-within:block group-hover:block"
            >
              {info.description}
              <span className="mt-1 block text-slate-300">
                {info.key} · allowed {formatValue(info.min)}–{formatValue(info.max)}
              </span>
            </span>
          </span>
        </div>
        <div className="flex items-center gap-1 text-[11px] text-slate-500">
          {isOverridden ? (
            <button
              type="button"
              onClick={onReset}
              disabled={disabled}
              className="rounded px-1 text-eosin-700 hover:bg-eosin-100"
              title={`Back to the preset's ${formatRange(presetValue)}`}
            >
              ↺ preset {formatRange(presetValue)}
            </button>
          ) : (
            <span>preset</span>
          )}
        </div>
      </div>
      <div className="flex items-center gap-2">
        <NumberCell
          id={`${id}-min`}
          label={`${info.label} minimum`}
          value={min}
          info={info}
          onCommit={(next) => onChange([next, Math.max(next, max)])}
        />
        <div className="relative h-2 flex-1 rounded-full bg-slate-200" aria-hidden="true">
          <div
            className="absolute inset-y-0 rounded-full bg-slate-400/50"
            style={{
              left: `${toPercent(presetMin, info)}%`,
              width: `max(3px, ${toPercent(presetMax, info) - toPercent(presetMin, info)}%)`,
            }}
          />
          <div
            className="absolute -inset-y-0.5 rounded-full bg-eosin-500"
            style={{
              left: `${toPercent(min, info)}%`,
              width: `max(4px, ${toPercent(max, info) - toPercent(min, info)}%)`,
            }}
          />
        </div>
        <NumberCell
          id={`${id}-max`}
          label={`${info.label} maximum`}
          value={max}
          info={info}
          onCommit={(next) => onChange([Math.min(min, next), next])}
        />
      </div>
    </div>
  );
}
