/**
 * Step 6 of the pipeline on a real H&E tile: region, ROI and exclusion
 * annotations applied by the segmentation job (fibers, `summary.regions`,
 * fiber summaries, muscle and connective masks), re-applied by
 * `segmentation.refreshRegions` after the annotations change, nothing left by a
 * failed run; and `segmentation.evaluate` against fiber annotations made from
 * the Cellpose mask's contours, checked against a direct core computation.
 */

import { createHash, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { PolygonGeometry } from "@myoscope/core/annotations/polygon-geometry";
import { rasterizePolygons } from "@myoscope/core/annotations/rasterize-polygons";
import { decodeContour } from "@myoscope/core/geometry/encode-contour";
import { traceLabelContours } from "@myoscope/core/geometry/trace-label-contours";
import { evaluateSegmentation } from "@myoscope/core/metrics/evaluate-segmentation";
import type { RegionStats } from "@myoscope/core/postprocess/assign-section-regions";
import { getOverlayVersion } from "@myoscope/core/viewer/get-overlay-version";
import { getSegmentationFileKey } from "@myoscope/storage/segmentation-keys";
import type { AppDeps } from "@myoscope/web/server/deps";
import { decode } from "fast-png";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createTestProject,
  createTestSection,
  createTestSubject,
  createTestUser,
} from "../support/factories.ts";
import {
  createJobHarness,
  type JobHarness,
  startTestWorker,
  type TestWorker,
  waitForJob,
} from "../support/job-harness.ts";
import { REAL_DATA_DIR, REPO_ROOT } from "../support/real-images.ts";
import { registerTestModel } from "../support/register-test-model.ts";
import { type Caller, createTestCaller } from "../support/trpc-caller.ts";

const TINY_MODEL = `${REPO_ROOT}/test/fixtures/models/tiny-unet.onnx`;
const IMAGE = `${REAL_DATA_DIR}/he_muscle_wcchu/images/sample_img_02.tif`;
const CELLPOSE = `${REAL_DATA_DIR}/he_muscle_wcchu/masks_cellpose/sample_img_02_cp_masks.png`;
const SIZE = 1002;
const MPP = 0.2774;
const HALF = 501;
/** The exclusion covers [600, 900)², the ROI [0, 400)². */
const EXCLUSION = { x0: 600, y0: 600, x1: 900, y1: 900 };
const ROI = { x0: 0, y0: 0, x1: 400, y1: 400 };

function rectangle(x0: number, y0: number, x1: number, y1: number): PolygonGeometry {
  return {
    type: "Polygon",
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}

const isExcludedPixel = (x: number, y: number) =>
  x >= EXCLUSION.x0 && x < EXCLUSION.x1 && y >= EXCLUSION.y0 && y < EXCLUSION.y1;

describe("segmentation regions, exclusions and evaluation", () => {
  let harness: JobHarness;
  let worker: TestWorker | undefined;
  let caller: Caller;
  let userId: string;
  let projectId: string;
  let subjectId: string;
  let modelId: string;

  async function createReadySection(bytes: Buffer, fileName: string) {
    const section = await createTestSection(harness.db, {
      projectId,
      subjectId,
      uploadedById: userId,
      originalFilename: fileName,
      mimeType: "image/tiff",
      byteSize: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    await harness.storage.put(section.storageKey, bytes);
    await harness.db.section.update({
      where: { id: section.id },
      data: { status: "ready", width: SIZE, height: SIZE, pixelSizeUm: MPP },
    });
    return section;
  }

  async function annotate(
    sectionId: string,
    kind: "roi" | "region" | "exclusion" | "fiber",
    label: string,
    geometry: PolygonGeometry,
  ): Promise<string> {
    const xs = geometry.coordinates.flat().map(([x]) => x);
    const ys = geometry.coordinates.flat().map(([, y]) => y);
    const row = await harness.db.annotation.create({
      data: {
        projectId,
        sectionId,
        kind,
        label,
        geometry: geometry as never,
        minX: Math.min(...xs),
        minY: Math.min(...ys),
        maxX: Math.max(...xs),
        maxY: Math.max(...ys),
        authorId: userId,
      },
      select: { id: true },
    });
    return row.id;
  }

  async function waitForEnd(jobId: string) {
    worker ??= await startTestWorker(harness);
    return waitForJob(harness.db, jobId, (j) => j.status === "succeeded" || j.status === "failed", {
      description: `job ${jobId} to finish`,
      timeoutMs: 120_000,
    });
  }

  async function readGray(key: string): Promise<Uint8Array | Uint16Array> {
    const png = decode(await harness.storage.get(key));
    expect([png.width, png.height, png.channels]).toEqual([SIZE, SIZE, 1]);
    return png.data as Uint8Array | Uint16Array;
  }

  beforeAll(async () => {
    harness = await createJobHarness();
    const deps: AppDeps = {
      db: harness.db,
      getQueue: async () => harness.queue,
      storage: harness.storage,
    };
    userId = (await createTestUser(harness.db)).id;
    projectId = (await createTestProject(harness.db, { ownerId: userId })).id;
    subjectId = (await createTestSubject(harness.db, projectId)).id;
    caller = createTestCaller(userId, deps);
    modelId = await registerTestModel(harness.db, harness.storage, {
      projectId,
      userId,
      path: TINY_MODEL,
      name: "tiny-unet",
    });
  });

  afterAll(async () => {
    await worker?.stop();
    await harness?.close();
  });

  /** One annotated section segmented by the worker, shared by the tests. */
  let segmented: ReturnType<typeof segmentAnnotated> | undefined;
  async function segmentAnnotated() {
    const section = await createReadySection(await readFile(IMAGE), "annotated.tif");
    await annotate(section.id, "region", "M. soleus", rectangle(0, 0, HALF, SIZE));
    await annotate(section.id, "region", "M. gastrocnemius", rectangle(HALF, 0, SIZE, SIZE));
    const roiId = await annotate(
      section.id,
      "roi",
      "ROI 1",
      rectangle(ROI.x0, ROI.y0, ROI.x1, ROI.y1),
    );
    const exclusionId = await annotate(
      section.id,
      "exclusion",
      "freezing",
      rectangle(EXCLUSION.x0, EXCLUSION.y0, EXCLUSION.x1, EXCLUSION.y1),
    );
    const [created] = await caller.segmentation.create({
      projectId,
      sectionIds: [section.id],
      modelId,
    });
    const job = await waitForEnd(created?.jobId ?? "");
    expect(job.error, worker?.logs.join("\n")).toBeNull();
    const run = await caller.segmentation.get({ projectId, runId: created?.id ?? "" });
    return { section, run, roiId, exclusionId };
  }

  function loadFibers(runId: string) {
    return harness.db.fiber.findMany({
      where: { runId },
      orderBy: { label: "asc" },
      select: {
        label: true,
        centroidX: true,
        centroidY: true,
        inMuscleMask: true,
        passesShapeFilter: true,
        inExclusion: true,
        regionName: true,
        roiId: true,
        meanOdH: true,
        meanOdE: true,
        contour: true,
        bboxX: true,
        bboxWidth: true,
      },
    });
  }

  /** Muscle and connective pixels per region, read back from the stored masks. */
  async function expectedRegions(
    run: { projectId: string; sectionId: string; id: string },
    isExcluding: boolean,
  ) {
    const muscle = await readGray(getSegmentationFileKey(run, "muscle"));
    const connective = await readGray(getSegmentationFileKey(run, "connective"));
    /** [muscle pixels, connective pixels] per region. */
    const counts: Record<"" | "M. soleus" | "M. gastrocnemius", [number, number]> = {
      "": [0, 0],
      "M. soleus": [0, 0],
      "M. gastrocnemius": [0, 0],
    };
    let badPixels = 0;
    for (let i = 0; i < SIZE * SIZE; i++) {
      const x = i % SIZE;
      const y = Math.floor(i / SIZE);
      if (isExcluding && isExcludedPixel(x, y)) continue;
      // 8-bit masks, 255 inside; connective tissue only inside the muscle mask.
      if ((muscle[i] !== 0 && muscle[i] !== 255) || (muscle[i] === 0 && connective[i] !== 0)) {
        badPixels++;
      }
      if (muscle[i] === 0) continue;
      const isTissue = connective[i] === 255;
      const region = counts[x < HALF ? "M. soleus" : "M. gastrocnemius"];
      counts[""][0]++;
      region[0]++;
      if (isTissue) {
        counts[""][1]++;
        region[1]++;
      }
    }
    expect(badPixels).toBe(0);
    return counts;
  }

  test("assigns regions and ROIs by centroid, excludes fibers mostly inside exclusions, and stores masks, contours and OD", async () => {
    segmented ??= segmentAnnotated();
    const { section, run, roiId } = await segmented;
    expect(run.status).toBe("succeeded");
    const key = { projectId, sectionId: section.id, id: run.id };
    const labels = await readGray(getSegmentationFileKey(key, "labels"));
    const fibers = await loadFibers(run.id);
    expect(fibers.length).toBeGreaterThan(20);

    const area = new Map<number, number>();
    const excluded = new Map<number, number>();
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i] as number;
      if (label === 0) continue;
      area.set(label, (area.get(label) ?? 0) + 1);
      if (isExcludedPixel(i % SIZE, Math.floor(i / SIZE))) {
        excluded.set(label, (excluded.get(label) ?? 0) + 1);
      }
    }
    let excludedCount = 0;
    for (const fiber of fibers) {
      expect(fiber.regionName).toBe(fiber.centroidX < HALF ? "M. soleus" : "M. gastrocnemius");
      const isInRoi = fiber.centroidX < ROI.x1 && fiber.centroidY < ROI.y1;
      expect(fiber.roiId).toBe(isInRoi ? roiId : null);
      const isExpectedExcluded =
        (excluded.get(fiber.label) ?? 0) > 0.5 * (area.get(fiber.label) ?? Number.NaN);
      expect(fiber.inExclusion, `fiber ${fiber.label}`).toBe(isExpectedExcluded);
      if (fiber.inExclusion) excludedCount++;
      expect(fiber.meanOdH).not.toBeNull();
      expect(fiber.meanOdE).toBeGreaterThan(0);
      const contour = decodeContour(new Uint8Array(fiber.contour ?? new Uint8Array()));
      expect(contour.length).toBeGreaterThanOrEqual(8);
      expect(Math.min(...contour.filter((_, i) => i % 2 === 0))).toBe(fiber.bboxX);
    }
    expect(excludedCount).toBeGreaterThan(0);
    expect(fibers.some((fiber) => fiber.roiId !== null)).toBe(true);

    // The Shape Filter population leaves excluded fibers out.
    const diameters = await caller.segmentation.diameters({
      projectId,
      runId: run.id,
      population: "shapeFilter",
    });
    expect(diameters.count).toBe(
      fibers.filter((f) => f.inMuscleMask && f.passesShapeFilter && !f.inExclusion).length,
    );
  });

  test("writes summary.regions from the muscle and connective masks outside exclusions, and refreshes fiber summaries", async () => {
    segmented ??= segmentAnnotated();
    const { section, run } = await segmented;
    const key = { projectId, sectionId: section.id, id: run.id };
    const regions = (run.summary as { regions: Record<string, RegionStats> }).regions;
    expect(Object.keys(regions).sort()).toEqual(["", "M. gastrocnemius", "M. soleus"]);
    const expected = await expectedRegions(key, true);
    const fibers = await loadFibers(run.id);
    for (const [name, [muscle, tissue]] of Object.entries(expected) as [string, number[]][]) {
      const stats = regions[name] as RegionStats;
      expect(stats.muscleAreaUm2, name).toBeCloseTo((muscle as number) * MPP * MPP, 6);
      expect(stats.connectiveFraction, name).toBeCloseTo(
        (tissue as number) / Math.max(1, muscle as number),
        9,
      );
      expect(stats.fiberCount, name).toBe(
        fibers.filter(
          (f) => f.inMuscleMask && !f.inExclusion && (name === "" || f.regionName === name),
        ).length,
      );
    }
    expect(regions[""]?.muscleAreaUm2).toBeGreaterThan(0);
    expect(regions[""]?.connectiveThicknessMeanUm).toBeGreaterThan(0);
    const summaries = await harness.db.fiberSummary.findMany({
      where: { runId: run.id, filterMask: 0 },
      select: { region: true, fiberCount: true, muscleAreaUm2: true },
      orderBy: { region: "asc" },
    });
    expect(summaries.map((s) => s.region)).toEqual(["", "M. gastrocnemius", "M. soleus"]);
    expect(summaries[0]?.muscleAreaUm2).toBeCloseTo(regions[""]?.muscleAreaUm2 ?? 0, 6);
  });

  test("refreshRegions re-applies changed annotations to the section's runs from the stored masks", async () => {
    segmented ??= segmentAnnotated();
    const { section, run, exclusionId } = await segmented;
    await harness.db.annotation.update({
      where: { id: exclusionId },
      data: { deletedAt: new Date() },
      select: { id: true },
    });
    await annotate(section.id, "region", "M. plantaris", rectangle(0, 0, 100, 100));
    const job = await caller.segmentation.refreshRegions({ projectId, sectionId: section.id });
    expect(job.type).toBe("segmentation.regions");
    const done = await waitForEnd(job.id);
    expect(done.error, worker?.logs.join("\n")).toBeNull();

    const fibers = await loadFibers(run.id);
    expect(fibers.every((fiber) => !fiber.inExclusion)).toBe(true);
    // The newest region comes last: older regions still win where they overlap it.
    expect(fibers.some((fiber) => fiber.regionName === "M. plantaris")).toBe(false);
    const after = await caller.segmentation.get({ projectId, runId: run.id });
    const regions = (after.summary as { regions: Record<string, RegionStats> }).regions;
    const expected = await expectedRegions({ projectId, sectionId: section.id, id: run.id }, false);
    expect(regions[""]?.muscleAreaUm2).toBeCloseTo((expected[""][0] as number) * MPP * MPP, 6);
    expect(regions[""]?.fiberCount).toBe(fibers.filter((f) => f.inMuscleMask).length);
    expect(regions["M. plantaris"]).toMatchObject({ fiberCount: 0, muscleAreaUm2: 0 });
    expect((after.summary as { excludedAreaUm2: number }).excludedAreaUm2).toBe(0);
    // Overlays coloured by these flags change version, so no cache keeps the old colours.
    expect(getOverlayVersion(after)).toBeGreaterThan(after.finishedAt?.getTime() ?? Infinity);
    // Features are untouched; only the assignments changed.
    expect(after.fiberCount).toBe(run.fiberCount);
    const withExclusionsDropped = await harness.db.fiberSummary.findFirst({
      where: { runId: run.id, region: "", filterMask: 2 },
      select: { fiberCount: true },
    });
    expect(withExclusionsDropped?.fiberCount).toBe(fibers.filter((f) => f.inMuscleMask).length);
  });

  test("a failed run on an annotated section leaves no fibers, summaries or masks", async () => {
    const bytes = await readFile(IMAGE);
    const section = await createReadySection(bytes.subarray(0, 64 * 1024), "truncated.tif");
    await annotate(section.id, "region", "M. soleus", rectangle(0, 0, HALF, SIZE));
    await annotate(section.id, "exclusion", "other", rectangle(10, 10, 50, 50));
    const [run] = await caller.segmentation.create({
      projectId,
      sectionIds: [section.id],
      modelId,
    });
    const job = await waitForEnd(run?.jobId ?? "");
    expect(job.status).toBe("failed");
    const runId = run?.id ?? "";
    expect(await harness.db.fiber.count({ where: { runId } })).toBe(0);
    expect(await harness.db.fiberSummary.count({ where: { runId } })).toBe(0);
    for (const kind of ["labels", "muscle", "connective"] as const) {
      const key = getSegmentationFileKey({ projectId, sectionId: section.id, id: runId }, kind);
      expect(await harness.storage.exists(key), kind).toBe(false);
    }
  });

  test("evaluate scores a run against fiber annotations traced from the Cellpose mask, as the core computes it directly", async () => {
    segmented ??= segmentAnnotated();
    const { section, run } = await segmented;
    const before = await caller.segmentation.evaluate({ projectId, runId: run.id });
    expect(before).toMatchObject({ groundTruthCount: 0, pixel: null, instances: null });

    // Every other Cellpose fiber of the lower half, as a fiber annotation (sparse ground truth).
    const cellpose = decode(await readFile(CELLPOSE));
    const contours = traceLabelContours(cellpose.data as Uint16Array, {
      width: SIZE,
      height: SIZE,
    });
    const chosen = contours.filter(
      (contour, i) => i % 2 === 0 && (contour.polygon[1] as number) > SIZE / 2,
    );
    expect(chosen.length).toBeGreaterThan(10);
    const polygons: PolygonGeometry[] = chosen.map(({ polygon }) => {
      const ring: [number, number][] = [];
      for (let i = 0; i < polygon.length; i += 2) {
        ring.push([polygon[i] as number, polygon[i + 1] as number]);
      }
      ring.push(ring[0] as [number, number]);
      return { type: "Polygon", coordinates: [ring] };
    });
    for (const polygon of polygons) await annotate(section.id, "fiber", "", polygon);

    const result = await caller.segmentation.evaluate({ projectId, runId: run.id });
    expect(result.groundTruthCount).toBe(polygons.length);

    const key = { projectId, sectionId: section.id, id: run.id };
    const pred = (await readGray(getSegmentationFileKey(key, "labels"))) as Uint16Array;
    const gt = rasterizePolygons(
      polygons.map((polygon, i) => ({ label: i + 1, polygon })),
      { width: SIZE, height: SIZE },
    );
    const direct = evaluateSegmentation(pred, gt, { width: SIZE, height: SIZE, isSparse: true });
    expect(result.instances?.truePositives).toEqual(direct.instances.truePositives);
    expect(result.instances?.falsePositives).toEqual(direct.instances.falsePositives);
    expect(result.instances?.falseNegatives).toEqual(direct.instances.falseNegatives);
    expect(result.instances?.averagePrecision).toEqual(direct.instances.averagePrecision);
    expect(result.instances?.gtCount).toBe(polygons.length);
    expect(result.pixel).toEqual(direct.pixel);
    expect(direct.instances.truePositives[0]).toBeGreaterThan(0);
  });

  test("evaluate gives AP 1 at IoU 0.5 when the labels are the mask the annotations were traced from", async () => {
    segmented ??= segmentAnnotated();
    const { section } = await segmented;
    // A finished run whose labels.png is the Cellpose mask itself.
    const runId = randomUUID();
    const labelsKey = getSegmentationFileKey(
      { projectId, sectionId: section.id, id: runId },
      "labels",
    );
    await harness.storage.put(labelsKey, await readFile(CELLPOSE));
    await harness.db.segmentationRun.create({
      data: {
        id: runId,
        projectId,
        sectionId: section.id,
        modelId,
        params: {},
        paramsVersion: "1",
        status: "succeeded",
        labelsKey,
      },
      select: { id: true },
    });
    const result = await caller.segmentation.evaluate({ projectId, runId });
    expect(result.groundTruthCount).toBeGreaterThan(10);
    expect(result.instances?.averagePrecision[0]).toBe(1);
    expect(result.instances?.falsePositives[0]).toBe(0);
    expect(result.pixel?.f1).toBeGreaterThan(0.98);
  });
});
