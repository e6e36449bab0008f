/** Small pure helpers shared by the segmentation pages. */
import type { RouterOutputs } from "~/trpc/react";

export type SegmentationRun = RouterOutputs["segmentation"]["runs"][number];
export type SegmentationModel = RouterOutputs["segmentation"]["models"][number];

const ACTIVE = new Set(["queued", "running", "retrying"]);

/** The job is the live source while a run works (it also knows retries and failures). */
export function getRunDisplayStatus(run: Pick<SegmentationRun, "status" | "job">): string {
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

export interface RunSummaryView {
  counts: { postProcessed: number; segmentation: number; shapeFilter: number };
  connectiveTissue: {
    segmentation: { areaUm2: number; muscleAreaUm2: number; fraction: number } | null;
    shapeFilter: { areaUm2: number; muscleAreaUm2: number; fraction: number } | null;
  };
  localThickness: {
    meanUm: number;
    maxUm: number;
    histogram: { binWidthUm: number; counts: number[] };
  } | null;
  image: { width: number; height: number; mpp: number } | null;
  totalMs: number | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function readTissue(value: unknown) {
  if (!isRecord(value)) return null;
  return {
    areaUm2: num(value.areaUm2),
    muscleAreaUm2: num(value.muscleAreaUm2),
    fraction: num(value.fraction),
  };
}

/** The run summary the worker writes (`buildSegmentationSummary`), read defensively. */
export function readRunSummary(summary: Record<string, unknown> | null): RunSummaryView | null {
  if (!summary) return null;
  const counts = isRecord(summary.counts) ? summary.counts : {};
  const postprocess = isRecord(summary.postprocess) ? summary.postprocess : {};
  const inner = isRecord(postprocess.summary) ? postprocess.summary : {};
  const tissue = isRecord(inner.connectiveTissue) ? inner.connectiveTissue : {};
  const thickness = isRecord(inner.localThickness) ? inner.localThickness : null;
  const histogram = thickness && isRecord(thickness.histogram) ? thickness.histogram : null;
  const image = isRecord(summary.image) ? summary.image : null;
  const timings = isRecord(summary.timingsMs) ? summary.timingsMs : {};
  return {
    counts: {
      postProcessed: num(counts.fibers),
      segmentation: num(counts.segmentation),
      shapeFilter: num(counts.shapeFilter),
    },
    connectiveTissue: {
      segmentation: readTissue(tissue.segmentation),
      shapeFilter: readTissue(tissue.shapeFilter),
    },
    localThickness: thickness
      ? {
          meanUm: num(thickness.meanUm),
          maxUm: num(thickness.maxUm),
          histogram: {
            binWidthUm: num(histogram?.binWidthUm) || 1,
            counts: Array.isArray(histogram?.counts) ? histogram.counts.map(num) : [],
          },
        }
      : null,
    image: image
      ? { width: num(image.width), height: num(image.height), mpp: num(image.mpp) }
      : null,
    totalMs: typeof timings.total === "number" ? timings.total : null,
  };
}

export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "–";
  return `${(100 * fraction).toFixed(1)} %`;
}

export function formatArea(um2: number): string {
  return um2 >= 1e6 ? `${formatNumber(um2 / 1e6, 2)} mm²` : `${formatNumber(um2, 0)} µm²`;
}
