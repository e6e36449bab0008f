/**
 * @module features/format-fibers-csv
 * The per-fiber CSV that `myoscope features` and `myoscope segment` write. The
 * first nine columns are a contract other tools rely on; more may follow.
 */
import type { FiberFeatures } from "./fiber-features.ts";

type Column = readonly [header: string, value: (fiber: FiberFeatures) => string];

const fixed = (digits: number) => (value: number | undefined) =>
  value === undefined || !Number.isFinite(value) ? "" : value.toFixed(digits);
const um = fixed(4);
const ratio = fixed(6);

/** Columns in order; `label` … `centroid_y` first, as the CLI contract requires. */
export const FIBER_CSV_COLUMNS: readonly Column[] = [
  ["label", (f) => String(f.label)],
  ["area_um2", (f) => um(f.areaUm2)],
  ["perimeter_um", (f) => um(f.perimeterUm)],
  ["circularity", (f) => ratio(f.circularity)],
  ["feret_um", (f) => um(f.feretUm)],
  ["min_feret_um", (f) => um(f.minFeretUm)],
  ["feret_angle", (f) => um(f.feretAngle)],
  ["centroid_x", (f) => um(f.centroidX)],
  ["centroid_y", (f) => um(f.centroidY)],
  ["aspect_ratio", (f) => ratio(f.aspectRatio)],
  ["roundness", (f) => ratio(f.roundness)],
  ["solidity", (f) => ratio(f.solidity)],
  ["equivalent_diameter_um", (f) => um(f.equivalentDiameterUm)],
  ["bbox_x", (f) => String(f.bbox.x)],
  ["bbox_y", (f) => String(f.bbox.y)],
  ["bbox_width", (f) => String(f.bbox.width)],
  ["bbox_height", (f) => String(f.bbox.height)],
  ["touches_edge", (f) => String(f.touchesEdge)],
  ["area_px", (f) => String(f.areaPx)],
];

/** `mean_od_h,mean_od_e`: mean haematoxylin and eosin optical density (empty when unmeasured). */
export const FIBER_OD_CSV_COLUMNS: readonly Column[] = [
  ["mean_od_h", (f) => ratio(f.meanHematoxylinOd)],
  ["mean_od_e", (f) => ratio(f.meanEosinOd)],
];

export interface FormatFibersCsvOptions {
  /**
   * Append `mean_od_h,mean_od_e`.
   * @default true when the first fiber has them
   */
  withOpticalDensity?: boolean;
}

/** One header line and one line per fiber, `\n`-terminated. */
export function formatFibersCsv(
  fibers: readonly FiberFeatures[],
  options: FormatFibersCsvOptions = {},
): string {
  const withOd = options.withOpticalDensity ?? fibers[0]?.meanHematoxylinOd !== undefined;
  const columns = withOd ? [...FIBER_CSV_COLUMNS, ...FIBER_OD_CSV_COLUMNS] : FIBER_CSV_COLUMNS;
  const lines = [columns.map(([header]) => header).join(",")];
  for (const fiber of fibers) lines.push(columns.map(([, value]) => value(fiber)).join(","));
  return `${lines.join("\n")}\n`;
}
