/** Small pure helpers shared by the synthesis pages. */
import type { RouterOutputs } from "~/trpc/react";

export type SynthesisRun = RouterOutputs["synthesis"]["list"][number];
export type RangeValue = number | readonly [number, number];

const ACTIVE = new Set(["queued", "running", "retrying"]);

/**
 * What to show as a run's state. The job is the live source while it works
 * (it also knows about retries and failures the run row does not record).
 */
export function getRunDisplayStatus(run: Pick<SynthesisRun, "status" | "job">): string {
  if (run.status === "succeeded") return "succeeded";
  return run.job?.status ?? run.status;
}

export function isActiveStatus(status: string): boolean {
  return ACTIVE.has(status);
}

export const STATUS_STYLE: Record<string, string> = {
  succeeded: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  cancelled: "bg-slate-200 text-slate-700",
  running: "bg-sky-100 text-sky-800",
  retrying: "bg-amber-100 text-amber-800",
  queued: "bg-slate-100 text-slate-700",
};

export function toRange(value: RangeValue | undefined): [number, number] {
  if (value === undefined) return [0, 0];
  return typeof value === "number" ? [value, value] : [value[0], value[1]];
}

function isSameRange(a: RangeValue | undefined, b: RangeValue | undefined): boolean {
  const [a0, a1] = toRange(a);
  const [b0, b1] = toRange(b);
  return a !== undefined && b !== undefined && a0 === b0 && a1 === b1;
}

/** Keys whose range differs from the preset's. */
export function findOverriddenKeys(
  ranges: Record<string, unknown>,
  preset: Record<string, RangeValue>,
): string[] {
  return Object.keys(ranges).filter((key) => !isSameRange(ranges[key] as RangeValue, preset[key]));
}

/** The CLI line that renders the same images, or null when the ranges are not a preset's. */
export function buildReproduceCommand(
  run: Pick<SynthesisRun, "preset" | "count" | "size" | "seed" | "name" | "ranges">,
  preset: Record<string, RangeValue> | undefined,
): string | null {
  if (!preset || findOverriddenKeys(run.ranges, preset).length > 0) return null;
  if (Object.keys(preset).some((key) => !(key in run.ranges))) return null;
  const out = run.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `npx myoscope synth --preset ${run.preset} --count ${run.count} --size ${run.size} --seed ${run.seed} --out ./${out || "synthetic"}`;
}

/** Four significant digits at most, no trailing zeros: 0.35, 41.25, 1200. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return "–";
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(Math.abs(value) >= 100 ? 5 : 3)));
}

export function formatRange(value: RangeValue | undefined): string {
  const [min, max] = toRange(value);
  return min === max ? formatValue(min) : `${formatValue(min)}–${formatValue(max)}`;
}

/** A step that gives about a hundred positions over [min, max], on a 1-2-5 grid. */
export function niceStep(min: number, max: number, isInteger: boolean): number {
  if (isInteger) return 1;
  const raw = (max - min) / 100;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return Number(step.toPrecision(1));
}

/** RGBA of the 3-class mask overlay: background clear, fiber green, boundary magenta. */
export const CLASS_OVERLAY_RGBA: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 0, 0],
  [0, 200, 0, 110],
  [230, 0, 200, 230],
];
