/**
 * Colours and markers of the cohort charts. Attributes, not CSS classes, so an
 * exported SVG or PNG looks the same outside the page. The reference group is
 * green and the next one orange, as in the paper's Fig. 6.
 */

export const GROUP_COLOURS = ["#16a34a", "#ea580c", "#2563eb", "#9333ea", "#0891b2", "#be123c"];

export function colourOfGroup(groups: readonly string[], reference: string | null, group: string) {
  const ordered = reference ? [reference, ...groups.filter((g) => g !== reference)] : groups;
  const index = Math.max(0, ordered.indexOf(group));
  return GROUP_COLOURS[index % GROUP_COLOURS.length] ?? "#334155";
}

export type MarkerShape = "circle" | "triangle" | "cross" | "square" | "diamond";
const SHAPES: MarkerShape[] = ["circle", "triangle", "cross", "square", "diamond"];

/** Whole section = circle, then triangle, cross, … per named region (Fig. 6b). */
export function markerOfRegion(regions: readonly string[], region: string): MarkerShape {
  const named = regions.filter((r) => r !== "");
  return region === ""
    ? "circle"
    : (SHAPES[(named.indexOf(region) + 1) % SHAPES.length] ?? "square");
}

export function regionLabel(region: string): string {
  return region === "" ? "Whole section" : region;
}

/** Round tick spacing giving about `count` ticks over a span. */
export function tickStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  return ([1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw) || 1;
}

export function ticks(min: number, max: number, count: number): number[] {
  const step = tickStep(max - min, count);
  const first = Math.ceil(min / step) * step;
  const out: number[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export function formatTick(value: number): string {
  if (Math.abs(value) >= 100 || Number.isInteger(value)) return String(Math.round(value));
  return value.toPrecision(3).replace(/\.?0+$/, "");
}
