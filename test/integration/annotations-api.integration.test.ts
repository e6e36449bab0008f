/**
 * Annotations through the real tRPC router, real Postgres and real label
 * images: drawing, optimistic concurrency, tombstones and undo, roles,
 * GeoJSON import/export, the fiber label image, and ground truth from a run.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { PolygonGeometry } from "@myoscope/core/annotations/polygon-geometry";
import { withTransaction } from "@myoscope/db/client";
import { insertFibers } from "@myoscope/db/fibers";
import { insertSegmentationModel } from "@myoscope/db/segmentation-models";
import { getSegmentationFileKey } from "@myoscope/storage/segmentation-keys";
import { renderFiberLabelsPng } from "@myoscope/web/server/annotations/render-fiber-labels";
import { TRPCError } from "@trpc/server";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { getTestDb } from "../support/db.ts";
import {
  addTestMember,
  createTestProject,
  createTestSection,
  createTestSubject,
  createTestUser,
} from "../support/factories.ts";
import { REAL_DATA_DIR } from "../support/real-images.ts";
import { type Caller, createTestCaller, createTestDeps } from "../support/trpc-caller.ts";

/** Cellpose masks of the wcchu H&E tile 02: 1002×1002 px, 55 labelled fibers. */
const CELLPOSE_MASK = join(
  REAL_DATA_DIR,
  "he_muscle_wcchu/masks_cellpose/sample_img_02_cp_masks.png",
);

function rect(x0: number, y0: number, x1: number, y1: number): PolygonGeometry {
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

async function expectTrpcError(
  promise: Promise<unknown>,
  code: TRPCError["code"],
  message?: RegExp,
) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (message) expect((error as TRPCError).message).toMatch(message);
}

async function decodeLabels(png: Buffer): Promise<{ labels: Uint16Array; width: number }> {
  const { data, info } = await sharp(png)
    .toColourspace("grey16")
    .raw({ depth: "ushort" })
    .toBuffer({ resolveWithObject: true });
  return { labels: new Uint16Array(new Uint8Array(data).buffer), width: info.width };
}

const deps = createTestDeps();
let projectId: string;
let sectionId: string;
let annotatorId: string;
let annotator: Caller;
let colleague: Caller;
let viewer: Caller;

async function createSizedSection(width: number, height: number): Promise<string> {
  const db = getTestDb();
  const subject = await createTestSubject(db, projectId);
  const section = await createTestSection(db, {
    projectId,
    subjectId: subject.id,
    uploadedById: annotatorId,
    originalFilename: "wcchu.png",
    mimeType: "image/png",
    byteSize: 1,
    sha256: "0".repeat(64),
  });
  await db.section.update({
    where: { id: section.id },
    data: { width, height, pixelSizeUm: 0.5, status: "ready" },
  });
  return section.id;
}

beforeAll(async () => {
  const db = getTestDb();
  const owner = await createTestUser(db);
  const a = await createTestUser(db, { name: "Ada Annotator" });
  const b = await createTestUser(db, { name: "Bo Colleague" });
  const v = await createTestUser(db);
  annotatorId = a.id;
  projectId = (await createTestProject(db, { ownerId: owner.id })).id;
  await addTestMember(db, { projectId, userId: a.id, role: "annotator" });
  await addTestMember(db, { projectId, userId: b.id, role: "annotator" });
  await addTestMember(db, { projectId, userId: v.id, role: "viewer" });
  annotator = createTestCaller(a.id, deps);
  colleague = createTestCaller(b.id, deps);
  viewer = createTestCaller(v.id, deps);
  sectionId = await createSizedSection(2000, 1000);
});

describe("annotation create / update / delete / restore", () => {
  it("lets an annotator draw, edit, delete and undo, each change bumping the version", async () => {
    const since = new Date(Date.now() - 1000);
    const roi = await annotator.annotation.create({
      projectId,
      sectionId,
      kind: "roi",
      label: "ROI 1",
      shape: "square",
      geometry: rect(100, 100, 900, 900),
    });
    expect(roi).toMatchObject({
      kind: "roi",
      label: "ROI 1",
      version: 1,
      minX: 100,
      maxY: 900,
      author: { name: "Ada Annotator" },
      deletedAt: null,
    });
    const moved = await colleague.annotation.update({
      projectId,
      annotationId: roi.id,
      version: 1,
      geometry: rect(200, 100, 1000, 900),
    });
    expect(moved).toMatchObject({ version: 2, minX: 200, maxX: 1000 });
    // Pollers find edits by updatedAt, so every change must move it forward.
    expect(moved.updatedAt.getTime()).toBeGreaterThan(roi.updatedAt.getTime());
    const edits = await viewer.annotation.changes({ projectId, sectionId, since: moved.updatedAt });
    expect(edits.annotations.map((x) => [x.id, x.version])).toContainEqual([roi.id, 2]);
    expect(moved.updatedById).not.toBe(roi.author.id);

    const deleted = await annotator.annotation.delete({
      projectId,
      annotationId: roi.id,
      version: 2,
    });
    expect(deleted.deletedAt).toBeInstanceOf(Date);
    expect((await viewer.annotation.list({ projectId, sectionId })).map((x) => x.id)).not.toContain(
      roi.id,
    );
    // A poller sees the tombstone.
    const { annotations, cursor } = await viewer.annotation.changes({
      projectId,
      sectionId,
      since,
    });
    expect(annotations.find((x) => x.id === roi.id)).toMatchObject({ version: 3 });
    expect(annotations.find((x) => x.id === roi.id)?.deletedAt).not.toBeNull();
    expect(cursor).toBeInstanceOf(Date);

    const restored = await annotator.annotation.restore({
      projectId,
      annotationId: roi.id,
      version: 3,
    });
    expect(restored).toMatchObject({ version: 4, deletedAt: null, minX: 200 });
    expect((await viewer.annotation.list({ projectId, sectionId })).map((x) => x.id)).toContain(
      roi.id,
    );
    const authors = await viewer.annotation.authors({ projectId, sectionId });
    expect(authors).toContainEqual({
      id: annotatorId,
      name: "Ada Annotator",
      count: expect.any(Number),
    });
  });

  it("refuses an edit from a stale version with CONFLICT and keeps the newer edit", async () => {
    const region = await annotator.annotation.create({
      projectId,
      sectionId,
      kind: "region",
      label: "M. soleus",
      geometry: rect(0, 0, 500, 500),
    });
    await colleague.annotation.update({
      projectId,
      annotationId: region.id,
      version: 1,
      label: "M. gastrocnemius",
    });
    await expectTrpcError(
      annotator.annotation.update({
        projectId,
        annotationId: region.id,
        version: 1,
        geometry: rect(0, 0, 10, 10),
      }),
      "CONFLICT",
      /changed meanwhile \(version 1 → 2\)/,
    );
    await expectTrpcError(
      annotator.annotation.delete({ projectId, annotationId: region.id, version: 1 }),
      "CONFLICT",
    );
    const [current] = (
      await viewer.annotation.list({ projectId, sectionId, kinds: ["region"] })
    ).filter((x) => x.id === region.id);
    expect(current).toMatchObject({ version: 2, label: "M. gastrocnemius", maxX: 500 });
  });

  it("refuses geometry outside the image, open rings and bad labels with BAD_REQUEST", async () => {
    const base = { projectId, sectionId, kind: "roi" as const };
    await expectTrpcError(
      annotator.annotation.create({ ...base, geometry: rect(1500, 500, 2500, 900) }),
      "BAD_REQUEST",
      /vertex 1 \(2500, 500\) lies outside the 2000×1000 px image/,
    );
    await expectTrpcError(
      annotator.annotation.create({
        ...base,
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [0, 0],
              [10, 0],
              [10, 10],
            ],
          ],
        },
      }),
      "BAD_REQUEST",
      /not closed/,
    );
    await expectTrpcError(
      annotator.annotation.create({
        ...base,
        kind: "exclusion",
        label: "dust",
        geometry: rect(0, 0, 9, 9),
      }),
      "BAD_REQUEST",
      /exclusion label must be one of freezing, loosening, other/,
    );
    await expectTrpcError(
      annotator.annotation.create({
        ...base,
        kind: "region",
        label: " ",
        geometry: rect(0, 0, 9, 9),
      }),
      "BAD_REQUEST",
      /region needs a name/,
    );
  });

  it("gives a viewer the annotations but FORBIDDEN on every write", async () => {
    const fiber = await annotator.annotation.create({
      projectId,
      sectionId,
      kind: "fiber",
      geometry: rect(10, 10, 20, 20),
    });
    expect((await viewer.annotation.list({ projectId, sectionId })).length).toBeGreaterThan(0);
    const writes = [
      viewer.annotation.create({ projectId, sectionId, kind: "roi", geometry: rect(0, 0, 5, 5) }),
      viewer.annotation.update({ projectId, annotationId: fiber.id, version: 1, label: "x" }),
      viewer.annotation.delete({ projectId, annotationId: fiber.id, version: 1 }),
      viewer.annotation.restore({ projectId, annotationId: fiber.id, version: 1 }),
      viewer.annotation.importGeoJson({ projectId, sectionId, text: "{}" }),
      viewer.annotation.mergeFibers({ projectId, annotationIds: [fiber.id, fiber.id] }),
    ];
    for (const write of writes) {
      await expectTrpcError(
        write,
        "FORBIDDEN",
        /needs the annotator role or higher; you are viewer/,
      );
    }
    const [after] = (
      await viewer.annotation.list({ projectId, sectionId, kinds: ["fiber"] })
    ).filter((x) => x.id === fiber.id);
    expect(after).toMatchObject({ version: 1, label: "" });
  });
});

describe("GeoJSON import and export", () => {
  it("round-trips a section's annotations: export, import elsewhere, equal geometry and classes", async () => {
    const source = await createSizedSection(2000, 1000);
    const drawn = [
      {
        kind: "roi" as const,
        label: "ROI 1",
        shape: "square" as const,
        geometry: rect(10, 10, 810, 810),
      },
      {
        kind: "region" as const,
        label: "M. soleus",
        shape: "polygon" as const,
        geometry: rect(0.5, 2.25, 300, 400),
      },
      {
        kind: "exclusion" as const,
        label: "freezing",
        shape: "freehand" as const,
        geometry: rect(5, 5, 50, 50),
      },
      {
        kind: "exclusion" as const,
        label: "loosening",
        shape: "rectangle" as const,
        geometry: rect(60, 5, 90, 50),
      },
      {
        kind: "fiber" as const,
        label: "",
        shape: "polygon" as const,
        geometry: rect(100, 100, 140, 130),
      },
    ];
    for (const a of drawn)
      await annotator.annotation.create({ projectId, sectionId: source, ...a });
    const exported = await viewer.annotation.exportGeoJson({ projectId, sectionId: source });
    expect(exported.features.map((f) => f.properties.classification.name)).toEqual([
      "ROI",
      "M. soleus",
      "Freezing artifact (Type I)",
      "Artificial loosening (Type II)",
      "Fiber",
    ]);
    const target = await createSizedSection(2000, 1000);
    const { count } = await colleague.annotation.importGeoJson({
      projectId,
      sectionId: target,
      text: JSON.stringify(exported),
    });
    expect(count).toBe(5);
    const imported = await viewer.annotation.list({ projectId, sectionId: target });
    const pick = (x: {
      kind: string;
      label: string;
      shape: string;
      geometry: PolygonGeometry;
    }) => ({
      kind: x.kind,
      label: x.label,
      shape: x.shape,
      geometry: x.geometry,
    });
    const byClass = (p: { kind: string; label: string }, q: { kind: string; label: string }) =>
      `${p.kind}:${p.label}`.localeCompare(`${q.kind}:${q.label}`);
    expect(imported.map(pick).sort(byClass)).toEqual(drawn.map(pick).sort(byClass));
  });

  it("imports nothing from a file with one invalid feature and names the feature", async () => {
    const target = await createSizedSection(2000, 1000);
    const good = {
      type: "Feature",
      geometry: rect(0, 0, 10, 10),
      properties: { classification: { name: "ROI" } },
    };
    const outside = { type: "Feature", geometry: rect(0, 0, 5000, 10), properties: {} };
    await expectTrpcError(
      annotator.annotation.importGeoJson({
        projectId,
        sectionId: target,
        text: JSON.stringify({ type: "FeatureCollection", features: [good, good, outside] }),
      }),
      "BAD_REQUEST",
      /^feature 2: ring 0, vertex 1 \(5000, 0\) lies outside/,
    );
    await expectTrpcError(
      annotator.annotation.importGeoJson({ projectId, sectionId: target, text: "{ not json" }),
      "BAD_REQUEST",
      /not valid JSON/,
    );
    expect(await viewer.annotation.list({ projectId, sectionId: target })).toEqual([]);
  });
});

describe("ImageJ ROI import", () => {
  /** Fiji's ROI Manager set of the wcchu tile 02 fibers, and Fiji's own areas of them. */
  const ROI_SET = join(
    REAL_DATA_DIR,
    "he_muscle_wcchu/rois_csa/sample_img_02_cp_masks_ROI_CSA.zip",
  );
  const SUMMARY = join(REAL_DATA_DIR, "he_muscle_wcchu/measurements/sample_img_02_Summary.csv");

  /** Shoelace area of a polygon's outer ring, px². */
  const ringArea = (geometry: PolygonGeometry) => {
    const ring = geometry.coordinates[0] ?? [];
    let twice = 0;
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = ring[i] as [number, number];
      const [x1, y1] = ring[i + 1] as [number, number];
      twice += x0 * y1 - x1 * y0;
    }
    return Math.abs(twice) / 2;
  };

  it("imports a RoiSet.zip as fibers whose areas are Fiji's", async () => {
    const wcchu = await createSizedSection(1002, 1002);
    const base64 = (await readFile(ROI_SET)).toString("base64");
    const result = await annotator.annotation.importImageJRois({
      projectId,
      sectionId: wcchu,
      fileName: "sample_img_02_cp_masks_ROI_CSA.zip",
      base64,
      kind: "fiber",
    });
    expect(result).toEqual({ count: 35, skipped: 0 });
    const fibers = await viewer.annotation.list({ projectId, sectionId: wcchu, kinds: ["fiber"] });
    expect(fibers).toHaveLength(35);
    const fijiAreas = (await readFile(SUMMARY, "utf8"))
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => Number(line.split(",")[2]));
    // Fiji's calibration was 0.27735 µm/px (0.2774 rounded): areas agree to 0.1 %.
    const mppSquared = 0.2774 ** 2;
    // Matched by rank of area: the list is ordered by position, Fiji's table by ROI order.
    const ours = fibers.map((fiber) => ringArea(fiber.geometry) * mppSquared);
    const sortedOurs = [...ours].sort((a, b) => a - b);
    const sortedFiji = [...fijiAreas].sort((a, b) => a - b);
    sortedOurs.forEach((area, i) => {
      expect(Math.abs(area - (sortedFiji[i] as number)) / (sortedFiji[i] as number)).toBeLessThan(
        0.001,
      );
    });
  });

  it("names regions after their ROIs, and a bad file adds nothing", async () => {
    const wcchu = await createSizedSection(1002, 1002);
    const base64 = (await readFile(ROI_SET)).toString("base64");
    await annotator.annotation.importImageJRois({
      projectId,
      sectionId: wcchu,
      fileName: "set.zip",
      base64,
      kind: "region",
    });
    const regions = await viewer.annotation.list({
      projectId,
      sectionId: wcchu,
      kinds: ["region"],
    });
    expect(regions.map((r) => r.label).sort()).toContain("Label_1");
    await expectTrpcError(
      annotator.annotation.importImageJRois({
        projectId,
        sectionId: wcchu,
        fileName: "broken.zip",
        base64: Buffer.from("PK this is not a zip").toString("base64"),
        kind: "fiber",
      }),
      "BAD_REQUEST",
      /broken\.zip is not a readable zip/,
    );
    await expectTrpcError(
      viewer.annotation.importImageJRois({
        projectId,
        sectionId: wcchu,
        fileName: "set.zip",
        base64,
        kind: "fiber",
      }),
      "FORBIDDEN",
    );
    expect(await viewer.annotation.list({ projectId, sectionId: wcchu, kinds: ["fiber"] })).toEqual(
      [],
    );
  });
});

describe("fiber ground truth", () => {
  let runId: string;
  let maskSection: string;
  let maskLabels: Uint16Array;

  beforeAll(async () => {
    const db = getTestDb();
    maskSection = await createSizedSection(1002, 1002);
    const model = await insertSegmentationModel(db, {
      projectId,
      name: "fixture",
      version: "1",
      storageKey: `projects/${projectId}/models/fixture.onnx`,
      sha256: "c".repeat(64),
      byteSize: 4,
      mpp: 0.5,
      tileSize: 256,
      tileOverlap: 32,
      classes: ["background", "fiber", "boundary"],
      metadata: {},
      isBuiltin: false,
      createdById: annotatorId,
    });
    const run = await db.segmentationRun.create({
      data: {
        projectId,
        sectionId: maskSection,
        modelId: model.id,
        params: {},
        paramsVersion: "2",
        status: "succeeded",
        fiberCount: 55,
        createdById: annotatorId,
        finishedAt: new Date(),
      },
      select: { id: true },
    });
    runId = run.id;
    const png = await readFile(CELLPOSE_MASK);
    await deps.storage.put(
      getSegmentationFileKey({ projectId, sectionId: maskSection, id: runId }, "labels"),
      png,
    );
    maskLabels = (await decodeLabels(png)).labels;
  });

  it("queues one re-application of regions to the finished run when regions change, none for fiber outlines", async () => {
    const db = getTestDb();
    const startedAt = new Date();
    const regionJobs = () =>
      db.job.findMany({
        where: {
          projectId,
          type: "segmentation.regions",
          payload: { path: ["sectionId"], equals: maskSection },
        },
        select: { status: true },
      });
    try {
      expect(await regionJobs()).toEqual([]);
      await annotator.annotation.create({
        projectId,
        sectionId: maskSection,
        kind: "fiber",
        label: "",
        shape: "polygon",
        geometry: rect(10, 10, 60, 60),
      });
      expect(await regionJobs()).toEqual([]);
      const region = await annotator.annotation.create({
        projectId,
        sectionId: maskSection,
        kind: "region",
        label: "M. soleus",
        shape: "polygon",
        geometry: rect(0, 0, 500, 1000),
      });
      expect(await regionJobs()).toEqual([{ status: "queued" }]);
      // A second edit while the first job still waits rides on it: that job reads the latest shapes.
      const moved = await annotator.annotation.update({
        projectId,
        annotationId: region.id,
        version: region.version,
        geometry: rect(0, 0, 600, 1000),
      });
      await annotator.annotation.delete({
        projectId,
        annotationId: region.id,
        version: moved.version,
      });
      expect(await regionJobs()).toEqual([{ status: "queued" }]);
    } finally {
      // The tests below count this section's fiber annotations.
      await db.annotation.deleteMany({
        where: { sectionId: maskSection, createdAt: { gte: startedAt } },
      });
    }
  });

  it("accepts a run's fibers from its real labels.png, one annotation per label, idempotently", async () => {
    const distinct = new Set(maskLabels);
    distinct.delete(0);
    const first = await annotator.annotation.acceptFibers({ projectId, runId });
    expect(first).toEqual({ created: distinct.size, skipped: 0 });
    expect(distinct.size).toBe(55);
    const again = await colleague.annotation.acceptFibers({ projectId, runId });
    expect(again).toEqual({ created: 0, skipped: 55 });
    const fibers = await viewer.annotation.list({
      projectId,
      sectionId: maskSection,
      kinds: ["fiber"],
    });
    expect(fibers).toHaveLength(55);
    expect(new Set(fibers.map((f) => f.sourceLabel))).toEqual(distinct);
    expect(fibers.every((f) => f.sourceRunId === runId && f.shape === "segmentation")).toBe(true);
  });

  it("accepts fibers from their stored contours when the run has them", async () => {
    const db = getTestDb();
    const section = await createSizedSection(100, 100);
    const model = await db.segmentationRun.findFirstOrThrow({
      where: { id: runId },
      select: { modelId: true },
    });
    const run = await db.segmentationRun.create({
      data: {
        projectId,
        sectionId: section,
        modelId: model.modelId,
        params: {},
        paramsVersion: "2",
        status: "succeeded",
        fiberCount: 2,
        createdById: annotatorId,
        finishedAt: new Date(),
      },
      select: { id: true },
    });
    const fiber = (label: number, contour: number[]) => ({
      label,
      areaUm2: 1,
      perimeterUm: 1,
      circularity: 1,
      feretUm: 1,
      minFeretUm: 1,
      feretAngle: 0,
      aspectRatio: 1,
      roundness: 1,
      solidity: 1,
      equivalentDiameterUm: 1,
      centroidX: 0,
      centroidY: 0,
      bboxX: 0,
      bboxY: 0,
      bboxWidth: 1,
      bboxHeight: 1,
      meanOdH: null,
      meanOdE: null,
      touchesEdge: false,
      inMuscleMask: true,
      passesShapeFilter: true,
      inExclusion: false,
      regionName: null,
      contour: Int32Array.from(contour),
    });
    await withTransaction(db, (tx) =>
      insertFibers(tx, {
        runId: run.id,
        projectId,
        sectionId: section,
        fibers: [fiber(1, [4, 2, 4, 6, 1, 6, 1, 2]), fiber(2, [20, 20, 30, 20, 30, 25, 20, 25])],
      }),
    );
    expect(await annotator.annotation.acceptFibers({ projectId, runId: run.id })).toEqual({
      created: 2,
      skipped: 0,
    });
    const fibers = await viewer.annotation.list({
      projectId,
      sectionId: section,
      kinds: ["fiber"],
    });
    expect(fibers.map((f) => [f.sourceLabel, f.minX, f.minY, f.maxX, f.maxY])).toEqual([
      [1, 1, 2, 4, 6],
      [2, 20, 20, 30, 25],
    ]);
    expect(fibers[0]?.geometry.coordinates[0]).toEqual([
      [4, 2],
      [4, 6],
      [1, 6],
      [1, 2],
      [4, 2],
    ]);
  });

  it("renders the fibers back into a 16-bit label PNG that matches the source mask", async () => {
    const png = await renderFiberLabelsPng(deps, { projectId, sectionId: maskSection });
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ width: 1002, height: 1002, depth: "ushort", channels: 1 });
    const { labels } = await decodeLabels(png);
    // Same foreground (traced outlines fill holes, so allow a sliver) and one label per fiber.
    let same = 0;
    let foreground = 0;
    for (let i = 0; i < labels.length; i++) {
      if (maskLabels[i] || labels[i]) foreground++;
      if (Boolean(maskLabels[i]) === Boolean(labels[i]) && maskLabels[i]) same++;
    }
    expect(same / foreground).toBeGreaterThan(0.99);
    expect(new Set(labels).size).toBe(56);
  });

  it("writes fiber n at its pixels and nothing elsewhere", async () => {
    const small = await createSizedSection(40, 30);
    await annotator.annotation.create({
      projectId,
      sectionId: small,
      kind: "fiber",
      geometry: rect(2, 3, 6, 5),
    });
    await annotator.annotation.create({
      projectId,
      sectionId: small,
      kind: "fiber",
      geometry: rect(10, 10, 12, 20),
    });
    await annotator.annotation.create({
      projectId,
      sectionId: small,
      kind: "roi",
      geometry: rect(0, 0, 40, 30),
    });
    const { labels, width } = await decodeLabels(
      await renderFiberLabelsPng(deps, { projectId, sectionId: small }),
    );
    const at = (x: number, y: number) => labels[y * width + x];
    expect([at(2, 3), at(5, 4), at(6, 4), at(1, 3), at(2, 5)]).toEqual([1, 1, 0, 0, 0]);
    expect([at(10, 10), at(11, 19), at(12, 19), at(11, 20)]).toEqual([2, 2, 0, 0]);
    expect(labels.filter((v) => v === 1)).toHaveLength(8);
    expect(labels.filter((v) => v === 2)).toHaveLength(20);
  });

  it("merges two neighbouring fibers and splits a fiber along a line, replacing the inputs", async () => {
    const section = await createSizedSection(200, 200);
    const left = await annotator.annotation.create({
      projectId,
      sectionId: section,
      kind: "fiber",
      geometry: rect(10, 10, 30, 30),
    });
    const right = await annotator.annotation.create({
      projectId,
      sectionId: section,
      kind: "fiber",
      geometry: rect(31, 10, 50, 30),
    });
    const { annotation: merged, deletedIds } = await annotator.annotation.mergeFibers({
      projectId,
      annotationIds: [left.id, right.id],
    });
    expect(deletedIds.sort()).toEqual([left.id, right.id].sort());
    expect(merged).toMatchObject({ kind: "fiber", shape: "merged", minX: 10, maxX: 50 });
    const { annotations: pieces } = await annotator.annotation.splitFiber({
      projectId,
      annotationId: merged.id,
      version: merged.version,
      line: [
        [30.5, 0],
        [30.5, 40],
      ],
    });
    expect(pieces.map((p) => [p.minX, p.maxX])).toEqual([
      [10, 30],
      [31, 50],
    ]);
    const live = await viewer.annotation.list({ projectId, sectionId: section });
    expect(live.map((a) => a.id).sort()).toEqual(pieces.map((p) => p.id).sort());
    await expectTrpcError(
      annotator.annotation.mergeFibers({
        projectId,
        annotationIds: [pieces[0]?.id ?? "", left.id],
      }),
      "NOT_FOUND",
    );
  });
});
