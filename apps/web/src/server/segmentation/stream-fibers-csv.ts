/**
 * @module segmentation/stream-fibers-csv
 * A run's fibers as the CSV `myoscope segment` writes (`<base>.fibers.csv`: the
 * `formatFibersCsv` columns with `mean_od_h,mean_od_e`, then `in_muscle_mask,passes_shape_filter`), streamed
 * page by page from Postgres so a whole section's 100,000 fibers never sit in memory.
 */
import type { FiberFeatures } from "@myoscope/core/features/fiber-features";
import { FIBER_CSV_COLUMNS, FIBER_OD_CSV_COLUMNS } from "@myoscope/core/features/format-fibers-csv";
import type { Db } from "@myoscope/db/client";
import { type FiberCsvRow, listFiberPage } from "@myoscope/db/fibers";

const PAGE_SIZE = 5_000;

export const FIBERS_CSV_HEADER = `${[
  ...FIBER_CSV_COLUMNS.map(([header]) => header),
  ...FIBER_OD_CSV_COLUMNS.map(([header]) => header),
  "in_muscle_mask",
  "passes_shape_filter",
].join(",")}\n`;

/**
 * The database keeps µm² only; the pixel count comes back exactly as
 * area / mpp², since the features computed area as pixels × mpp².
 */
function toFeatures(row: FiberCsvRow, mpp: number): FiberFeatures {
  return {
    ...row,
    areaPx: Math.round(row.areaUm2 / (mpp * mpp)),
    meanHematoxylinOd: row.meanOdH ?? undefined,
    meanEosinOd: row.meanOdE ?? undefined,
    bbox: { x: row.bboxX, y: row.bboxY, width: row.bboxWidth, height: row.bboxHeight },
  } as unknown as FiberFeatures;
}

export function formatFiberCsvLines(rows: readonly FiberCsvRow[], mpp: number): string {
  let text = "";
  for (const row of rows) {
    const features = toFeatures(row, mpp);
    const values = [...FIBER_CSV_COLUMNS, ...FIBER_OD_CSV_COLUMNS].map(([, value]) =>
      value(features),
    );
    text += `${values.join(",")},${row.inMuscleMask},${row.passesShapeFilter}\n`;
  }
  return text;
}

/** Reads lazily: the next page is queried only when the client has taken the last. */
export function streamFibersCsv(
  db: Db,
  input: { projectId: string; runId: string; mpp: number },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterLabel = -1;
  let isHeaderSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!isHeaderSent) {
        isHeaderSent = true;
        controller.enqueue(encoder.encode(FIBERS_CSV_HEADER));
        return;
      }
      const rows = await listFiberPage(db, { ...input, afterLabel, limit: PAGE_SIZE });
      if (rows.length > 0) {
        afterLabel = rows.at(-1)?.label ?? afterLabel;
        controller.enqueue(encoder.encode(formatFiberCsvLines(rows, input.mpp)));
      }
      if (rows.length < PAGE_SIZE) controller.close();
    },
  });
}
