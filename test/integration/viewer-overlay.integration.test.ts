/**
 * Overlay tiles and fiber picking over a real label image (the Cellpose masks of
 * the wcchu H&E tile, 1002×1002, 55 fibers): a fiber's pixel in a rendered tile
 * has its feature's colour on the given scale, outlines trace borders, the
 * click lookup finds the fiber under a pixel, and outsiders get 404.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { sampleViridis } from "@myoscope/core/viewer/colormap";
import { withTransaction } from "@myoscope/db/client";
import type { FiberRecord } from "@myoscope/db/fibers";
import { insertFibers } from "@myoscope/db/fibers";
import { insertSegmentationModel } from "@myoscope/db/segmentation-models";
import { getSegmentationFileKey } from "@myoscope/storage/segmentation-keys";
import { getProjectFeatureRange } from "@myoscope/web/server/viewer/get-project-feature-range";
import { renderRunOverlayTile } from "@myoscope/web/server/viewer/render-run-overlay-tile";
import { serveOverlayTile } from "@myoscope/web/server/viewer/serve-overlay-tile";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { getTestDb } from "../support/db.ts";
import {
  createTestProject,
  createTestSection,
  createTestSubject,
  createTestUser,
} from "../support/factories.ts";
import { REAL_DATA_DIR } from "../support/real-images.ts";
import { createTestCaller, createTestDeps } from "../support/trpc-caller.ts";

const MASKS = resolve(REAL_DATA_DIR, "he_muscle_wcchu/masks_cellpose/sample_img_02_cp_masks.png");
const SIZE = 1002;

/** MinFeret of label L is 10 + L µm: distinct colours on a 10–70 µm scale. */
function fiberOf(label: number): FiberRecord {
  return {
    label,
    areaUm2: 500 + label,
    perimeterUm: 90,
    circularity: 0.8,
    feretUm: 40,
    minFeretUm: 10 + label,
    feretAngle: 0,
    aspectRatio: 1.2,
    roundness: 0.8,
    solidity: 0.95,
    equivalentDiameterUm: 30,
    centroidX: 0,
    centroidY: 0,
    bboxX: 0,
    bboxY: 0,
    bboxWidth: 10,
    bboxHeight: 10,
    meanOdH: null,
    meanOdE: null,
    touchesEdge: false,
    inMuscleMask: true,
    passesShapeFilter: label % 5 !== 0,
    inExclusion: false,
    regionName: null,
    contour: Int32Array.from([1, 2, 3, 2, 3, 4]),
  };
}

const deps = createTestDeps();
let ids: {
  projectId: string;
  runId: string;
  ownerId: string;
  outsiderId: string;
  outsiderProjectId: string;
};
let labels: Uint16Array;

function labelAt(x: number, y: number): number {
  return labels[y * SIZE + x] as number;
}

async function pixelOf(png: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect(info.width).toBe(256);
  const i = (y * 256 + x) * 4;
  return Array.from(data.subarray(i, i + 4));
}

beforeAll(async () => {
  const db = getTestDb();
  const owner = await createTestUser(db);
  const outsider = await createTestUser(db);
  const project = await createTestProject(db, { ownerId: owner.id });
  const outsiderProject = await createTestProject(db, { ownerId: outsider.id });
  const subject = await createTestSubject(db, project.id);
  const section = await createTestSection(db, {
    projectId: project.id,
    subjectId: subject.id,
    uploadedById: owner.id,
    originalFilename: "sample_img_02.tif",
    mimeType: "image/tiff",
    byteSize: 1,
    sha256: "0".repeat(64),
  });
  await db.section.update({
    where: { id: section.id },
    data: { width: SIZE, height: SIZE, pixelSizeUm: 0.2774, status: "ready" },
  });
  const model = await insertSegmentationModel(db, {
    projectId: project.id,
    name: "viewer-test",
    version: "1",
    storageKey: "models/viewer-test.onnx",
    sha256: crypto.randomUUID(),
    byteSize: 1,
    mpp: 0.5548,
    tileSize: 256,
    tileOverlap: 32,
    classes: ["background", "fiber", "boundary"],
    metadata: {},
    isBuiltin: false,
    createdById: owner.id,
  });
  const run = await db.segmentationRun.create({
    data: {
      projectId: project.id,
      sectionId: section.id,
      modelId: model.id,
      params: {},
      paramsVersion: "2",
      status: "succeeded",
      fiberCount: 55,
      summary: {},
      createdById: owner.id,
      finishedAt: new Date(),
    },
    select: { id: true },
  });
  const labelsKey = getSegmentationFileKey(
    { projectId: project.id, sectionId: section.id, id: run.id },
    "labels",
  );
  await deps.storage.put(labelsKey, await readFile(MASKS));
  await db.segmentationRun.update({ where: { id: run.id }, data: { labelsKey } });
  await withTransaction(db, (tx) =>
    insertFibers(tx, {
      runId: run.id,
      projectId: project.id,
      sectionId: section.id,
      fibers: Array.from({ length: 55 }, (_, i) => fiberOf(i + 1)),
    }),
  );
  const raw = await sharp(MASKS).toColorspace("grey16").raw({ depth: "ushort" }).toBuffer();
  labels = new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2);
  ids = {
    projectId: project.id,
    runId: run.id,
    ownerId: owner.id,
    outsiderId: outsider.id,
    outsiderProjectId: outsiderProject.id,
  };
});

describe("overlay tiles over a real label image", () => {
  it("colours a known fiber's pixel with its MinFeret on the given viridis scale", async () => {
    // Level 10 is full resolution (ceil(log2 1002)); tile (1, 1) spans pixels 256–511.
    expect(labelAt(500, 500)).toBe(24);
    const png = await renderRunOverlayTile(deps, {
      projectId: ids.projectId,
      runId: ids.runId,
      level: 10,
      column: 1,
      row: 1,
      mode: "feature",
      feature: "minFeretUm",
      min: 10,
      max: 70,
    });
    // MinFeret 34 µm → (34 − 10) / 60 = 0.4 on the scale.
    expect(await pixelOf(png, 500 - 256, 500 - 256)).toEqual([...sampleViridis(0.4), 200]);
    const background = labels.indexOf(0);
    const bx = background % SIZE;
    const by = Math.floor(background / SIZE);
    const tile = await renderRunOverlayTile(deps, {
      projectId: ids.projectId,
      runId: ids.runId,
      level: 10,
      column: Math.floor(bx / 256),
      row: Math.floor(by / 256),
      mode: "feature",
      feature: "minFeretUm",
      min: 10,
      max: 70,
    });
    expect((await pixelOf(tile, bx % 256, by % 256))[3]).toBe(0);
  });

  it("samples coarser levels from the same labels (level 9: one tile pixel per 2×2 pixels)", async () => {
    const png = await renderRunOverlayTile(deps, {
      projectId: ids.projectId,
      runId: ids.runId,
      level: 9,
      column: 0,
      row: 0,
      mode: "feature",
      feature: "minFeretUm",
      min: 10,
      max: 70,
    });
    // Tile pixel (250, 250) samples full-resolution pixel (501, 501).
    const label = labelAt(501, 501);
    expect(await pixelOf(png, 250, 250)).toEqual([...sampleViridis((10 + label - 10) / 60), 200]);
  });

  it("draws only the border pixels of fibers in contour mode", async () => {
    const png = await renderRunOverlayTile(deps, {
      projectId: ids.projectId,
      runId: ids.runId,
      level: 10,
      column: 1,
      row: 1,
      mode: "contour",
      feature: "minFeretUm",
    });
    const { data } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    let border = 0;
    let interior = 0;
    for (let y = 1; y < 255; y++) {
      for (let x = 1; x < 255; x++) {
        const label = labelAt(256 + x, 256 + y);
        const isBorder =
          label !== 0 &&
          [
            labelAt(257 + x, 256 + y),
            labelAt(255 + x, 256 + y),
            labelAt(256 + x, 257 + y),
            labelAt(256 + x, 255 + y),
          ].some((n) => n !== label);
        const alpha = data[(y * 256 + x) * 4 + 3];
        if (isBorder) {
          expect(alpha).toBe(255);
          border++;
        } else {
          expect(alpha).toBe(0);
          if (label !== 0) interior++;
        }
      }
    }
    expect(border).toBeGreaterThan(500);
    expect(interior).toBeGreaterThan(10_000);
  });

  it("marks small fibers red and large ones blue in abnormal mode, and needs lo and hi", async () => {
    const input = {
      projectId: ids.projectId,
      runId: ids.runId,
      level: 10,
      column: 1,
      row: 1,
      mode: "abnormal" as const,
      feature: "minFeretUm" as const,
    };
    // Label 24 has MinFeret 34 µm: small below 40, large above 30.
    expect(
      (
        await pixelOf(await renderRunOverlayTile(deps, { ...input, lo: 40, hi: 50 }), 244, 244)
      ).slice(0, 3),
    ).toEqual([220, 38, 38]);
    expect(
      (
        await pixelOf(await renderRunOverlayTile(deps, { ...input, lo: 20, hi: 30 }), 244, 244)
      ).slice(0, 3),
    ).toEqual([37, 99, 235]);
    await expect(renderRunOverlayTile(deps, input)).rejects.toThrow(
      "abnormal overlay needs lo and hi (µm)",
    );
  });

  it("takes the project's 2nd–98th percentile of Shape Filter fibers as the default scale", async () => {
    const range = await getProjectFeatureRange(getTestDb(), {
      projectId: ids.projectId,
      feature: "minFeretUm",
    });
    // 44 fibers pass the shape filter (labels not divisible by 5), MinFeret 11–64 µm.
    expect(range.count).toBe(44);
    expect(range.min).toBeGreaterThan(11);
    expect(range.min).toBeLessThan(13);
    expect(range.max).toBeGreaterThan(62);
    expect(range.max).toBeLessThan(64);
  });

  it("serves PNG tiles to members and 404 to a non-member, for another project's run and outside the pyramid", async () => {
    const request = (userId: string, projectId: string, level: string, tile: string) =>
      serveOverlayTile(deps, {
        userId,
        projectId,
        runId: ids.runId,
        level,
        tile,
        query: new URLSearchParams("mode=feature&feature=minFeretUm&min=10&max=70&v=1"),
      });
    const ok = await request(ids.ownerId, ids.projectId, "10", "1_1.png");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/png");
    expect((await sharp(Buffer.from(await ok.arrayBuffer())).metadata()).width).toBe(256);
    expect((await request(ids.outsiderId, ids.projectId, "10", "1_1.png")).status).toBe(404);
    // The outsider's own project does not make the run theirs.
    expect((await request(ids.outsiderId, ids.outsiderProjectId, "10", "1_1.png")).status).toBe(
      404,
    );
    expect((await request(ids.ownerId, ids.projectId, "10", "4_0.png")).status).toBe(404);
    expect((await request(ids.ownerId, ids.projectId, "11", "0_0.png")).status).toBe(404);
    expect((await request(ids.ownerId, ids.projectId, "10", "../x.png")).status).toBe(404);
  });

  it("segmentation.fiberAt returns the fiber under a pixel with its features, and null on background", async () => {
    const caller = createTestCaller(ids.ownerId, deps);
    const fiber = await caller.segmentation.fiberAt({
      projectId: ids.projectId,
      runId: ids.runId,
      x: 500.4,
      y: 500.7,
    });
    expect(fiber).toMatchObject({ label: 24, minFeretUm: 34, passesShapeFilter: true });
    expect(fiber?.contour).toEqual([1, 2, 3, 2, 3, 4]);
    const background = labels.indexOf(0);
    expect(
      await caller.segmentation.fiberAt({
        projectId: ids.projectId,
        runId: ids.runId,
        x: background % SIZE,
        y: Math.floor(background / SIZE),
      }),
    ).toBeNull();
    expect(
      await caller.segmentation.fiberAt({
        projectId: ids.projectId,
        runId: ids.runId,
        x: 5000,
        y: 1,
      }),
    ).toBeNull();
    const outsider = createTestCaller(ids.outsiderId, deps);
    await expect(
      outsider.segmentation.fiberAt({
        projectId: ids.outsiderProjectId,
        runId: ids.runId,
        x: 500,
        y: 500,
      }),
    ).rejects.toThrow("segmentation run not found or not finished");
  });
});
