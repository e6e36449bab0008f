/**
 * @module segmentation/evaluate-segmentation-run
 * Scores a run against the section's manually annotated fibers (ground truth,
 * usually sparse: only some fibers are drawn). The fiber annotations are
 * rasterized into a label image (`annotations/rasterize-polygons`, pixel
 * centres, even-odd) and compared with the run's labels.png by
 * `evaluateSegmentation` in sparse mode: predictions mostly off the annotated
 * fibers are ignored rather than counted as false positives.
 *
 * Only a window is decoded: the annotations' bounds, grown to the whole
 * bounding box of every predicted fiber that meets them, so each prediction
 * that can overlap ground truth is seen whole and its IoU is exact.
 */
import type { PolygonGeometry, Position } from "@myoscope/core/annotations/polygon-geometry";
import { rasterizePolygons } from "@myoscope/core/annotations/rasterize-polygons";
import { AppError } from "@myoscope/core/errors/app-error";
import type { PolygonRings } from "@myoscope/core/geometry/polygon-rings";
import type { AveragePrecision } from "@myoscope/core/metrics/compute-average-precision";
import type { PixelMetrics } from "@myoscope/core/metrics/compute-pixel-metrics";
import { evaluateSegmentation } from "@myoscope/core/metrics/evaluate-segmentation";
import { findFiberBoundsInRect } from "@myoscope/db/fibers";
import { listSectionAnnotationShapes } from "@myoscope/db/section-annotation-shapes";
import { findSegmentationRun } from "@myoscope/db/segmentation-runs";
import { getSegmentationFileKey } from "@myoscope/storage/segmentation-keys";
import sharp from "sharp";
import type { AppDeps } from "../deps.ts";

/** Largest window decoded in the web process (two 16/32-bit rasters of it are held). */
const MAX_WINDOW_PIXELS = 64 * 1024 * 1024;

export interface RunEvaluation {
  /** Fiber annotations used as ground truth. */
  groundTruthCount: number;
  /** The window evaluated, level-0 pixels [x0, x1) × [y0, y1); null without annotations. */
  window: { x0: number; y0: number; x1: number; y1: number } | null;
  /** Null when the section has no fiber annotations. */
  pixel: PixelMetrics | null;
  instances: AveragePrecision | null;
}

/** GeoJSON wants closed rings; the rasterizer walks consecutive points. */
function toClosedPolygon(rings: PolygonRings): PolygonGeometry {
  return {
    type: "Polygon",
    coordinates: rings.map((ring) => {
      const points = ring.map(([x, y]): Position => [x, y]);
      const first = points[0];
      const last = points.at(-1);
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) points.push(first);
      return points;
    }),
  };
}

export async function evaluateSegmentationRun(
  deps: Pick<AppDeps, "db" | "storage">,
  input: { projectId: string; runId: string },
): Promise<RunEvaluation> {
  const run = await findSegmentationRun(deps.db, input);
  if (!run) throw new AppError("NOT_FOUND", "segmentation run not found");
  if (run.status !== "succeeded") {
    throw new AppError("CONFLICT", "the segmentation run has not finished");
  }
  const sectionId = run.section.id;
  const truth = await listSectionAnnotationShapes(deps.db, {
    projectId: input.projectId,
    sectionId,
    kinds: ["fiber"],
  });
  if (truth.length === 0) {
    return { groundTruthCount: 0, window: null, pixel: null, instances: null };
  }
  const labelsKey = getSegmentationFileKey(
    { projectId: input.projectId, sectionId, id: run.id },
    "labels",
  );
  if (!(await deps.storage.exists(labelsKey))) {
    throw new AppError("CONFLICT", "the segmentation run stored no labels");
  }
  const labelsPng = await deps.storage.get(labelsKey);
  const { width = 0, height = 0 } = await sharp(labelsPng, { limitInputPixels: false }).metadata();

  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const bounds = truth.reduce(
    (b, { bounds: t }) => ({
      minX: Math.min(b.minX, t.minX),
      minY: Math.min(b.minY, t.minY),
      maxX: Math.max(b.maxX, t.maxX),
      maxY: Math.max(b.maxY, t.maxY),
    }),
    { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity },
  );
  let x0 = clamp(Math.floor(bounds.minX), width);
  let y0 = clamp(Math.floor(bounds.minY), height);
  let x1 = clamp(Math.ceil(bounds.maxX), width);
  let y1 = clamp(Math.ceil(bounds.maxY), height);
  const predicted = await findFiberBoundsInRect(deps.db, { ...input, x0, y0, x1, y1 });
  if (predicted) {
    x0 = clamp(Math.min(x0, predicted.x0), width);
    y0 = clamp(Math.min(y0, predicted.y0), height);
    x1 = clamp(Math.max(x1, predicted.x1), width);
    y1 = clamp(Math.max(y1, predicted.y1), height);
  }
  const windowWidth = x1 - x0;
  const windowHeight = y1 - y0;
  if (windowWidth < 1 || windowHeight < 1) {
    throw new AppError("BAD_REQUEST", "the fiber annotations lie outside the section image");
  }
  if (windowWidth * windowHeight > MAX_WINDOW_PIXELS) {
    throw new AppError(
      "BAD_REQUEST",
      `the annotated fibers span ${windowWidth}×${windowHeight} px, more than the ${MAX_WINDOW_PIXELS / 1024 / 1024} MP evaluated at once; use \`myoscope evaluate\` on exported masks`,
    );
  }
  const { data } = await sharp(labelsPng, { limitInputPixels: false })
    .extract({ left: x0, top: y0, width: windowWidth, height: windowHeight })
    .toColourspace("grey16")
    .raw({ depth: "ushort" })
    .toBuffer({ resolveWithObject: true });
  const pred = new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
  const gt = rasterizePolygons(
    truth.map((shape, i) => ({ label: i + 1, polygon: toClosedPolygon(shape.rings) })),
    {
      width: windowWidth,
      height: windowHeight,
      origin: [x0, y0],
      arrayType: truth.length > 0xffff ? "uint32" : "uint16",
    },
  );
  const evaluation = evaluateSegmentation(pred, gt, {
    width: windowWidth,
    height: windowHeight,
    isSparse: true,
  });
  return {
    groundTruthCount: truth.length,
    window: { x0, y0, x1, y1 },
    pixel: evaluation.pixel,
    instances: evaluation.instances,
  };
}
