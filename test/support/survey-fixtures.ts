/**
 * @module survey-fixtures
 * A project ready for a blinded survey, made through packages/db as the app
 * does: owner, two assigned-to-be raters, an unassigned rater and a viewer; one
 * real H&E section (Strange 2014, 423×330 px) in storage; two succeeded
 * segmentation runs of two different models, each with a 16-bit labels.png,
 * muscle.png and fiber rows; four ROI annotations and one region annotation.
 * Used by the survey integration tests and the survey e2e spec.
 */
import { randomUUID } from "node:crypto";
import { type Db, withTransaction } from "@myoscope/db/client";
import type { FiberRecord } from "@myoscope/db/fibers";
import { upsertMember } from "@myoscope/db/members";
import { insertOrganization } from "@myoscope/db/organizations";
import { insertProject } from "@myoscope/db/projects";
import { insertSegmentationModel } from "@myoscope/db/segmentation-models";
import { saveSegmentationRunResults } from "@myoscope/db/segmentation-runs";
import { insertSubject } from "@myoscope/db/subjects";
import { insertUser } from "@myoscope/db/users";
import { getSegmentationFileKey } from "@myoscope/storage/segmentation-keys";
import type { Storage } from "@myoscope/storage/storage";
import sharp from "sharp";
import { readRealImage, STRANGE_2014_JPEG } from "./real-images.ts";

const WIDTH = 423;
const HEIGHT = 330;

export interface SurveyFixture {
  projectId: string;
  sectionId: string;
  ownerId: string;
  raterIds: [string, string];
  unassignedRaterId: string;
  viewerId: string;
  /** Emails, for signing in (password: SURVEY_FIXTURE_PASSWORD). */
  emails: { owner: string; raters: [string, string]; unassignedRater: string };
  runIds: [string, string];
  modelIds: [string, string];
  modelNames: [string, string];
  roiAnnotationIds: string[];
}

export const SURVEY_FIXTURE_PASSWORD = "survey-fixture-pass";

/** Fibers as a grid of `cell`-px squares (1 px gaps), offset so the two runs differ. */
function makeLabels(cell: number, offset: number): { labels: Uint16Array; fibers: FiberRecord[] } {
  const labels = new Uint16Array(WIDTH * HEIGHT);
  const fibers: FiberRecord[] = [];
  const cols = Math.floor((WIDTH - offset) / cell);
  const rows = Math.floor((HEIGHT - offset) / cell);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const label = r * cols + c + 1;
      const x0 = offset + c * cell;
      const y0 = offset + r * cell;
      for (let y = y0; y < y0 + cell - 1; y++) {
        for (let x = x0; x < x0 + cell - 1; x++) labels[y * WIDTH + x] = label;
      }
      fibers.push({
        label,
        areaUm2: (cell - 1) ** 2 * 0.25,
        perimeterUm: 4 * (cell - 1) * 0.5,
        circularity: 0.78,
        feretUm: (cell - 1) * 0.7,
        minFeretUm: (cell - 1) * 0.5,
        feretAngle: 0,
        aspectRatio: 1,
        roundness: 1,
        solidity: 1,
        equivalentDiameterUm: (cell - 1) * 0.56,
        centroidX: x0 + cell / 2,
        centroidY: y0 + cell / 2,
        bboxX: x0,
        bboxY: y0,
        bboxWidth: cell - 1,
        bboxHeight: cell - 1,
        meanOdH: null,
        meanOdE: null,
        touchesEdge: false,
        inMuscleMask: label % 7 !== 0,
        passesShapeFilter: label % 3 !== 0,
        inExclusion: false,
        regionName: null,
        contour: null,
      });
    }
  }
  return { labels, fibers };
}

function rectangle(x: number, y: number, w: number, h: number) {
  return {
    type: "Polygon",
    coordinates: [
      [
        [x, y],
        [x + w, y],
        [x + w, y + h],
        [x, y + h],
        [x, y],
      ],
    ],
  };
}

export async function createSurveyFixture(
  db: Db,
  storage: Storage,
  options: { passwordHash?: string | null } = {},
): Promise<SurveyFixture> {
  const suffix = randomUUID().slice(0, 8);
  const makeUser = (role: string) =>
    withTransaction(db, (tx) =>
      insertUser(tx, {
        email: `survey-${role}-${suffix}@test.local`,
        name: `Survey ${role} ${suffix}`,
        passwordHash: options.passwordHash ?? null,
      }),
    );
  const owner = await makeUser("owner");
  const rater1 = await makeUser("rater1");
  const rater2 = await makeUser("rater2");
  const rater3 = await makeUser("rater3");
  const viewer = await makeUser("viewer");
  const organization = await insertOrganization(db, {
    name: `Survey Lab ${suffix}`,
    slug: `survey-lab-${suffix}`,
    ownerId: owner.id,
  });
  const project = await insertProject(db, {
    organizationId: organization.id,
    name: `Survey study ${suffix}`,
    description: "",
    ownerId: owner.id,
  });
  for (const user of [rater1, rater2, rater3]) {
    await upsertMember(db, { projectId: project.id, userId: user.id, role: "rater" });
  }
  await upsertMember(db, { projectId: project.id, userId: viewer.id, role: "viewer" });
  const subject = await insertSubject(db, {
    projectId: project.id,
    identifier: `WT-${suffix}`,
    group: "WT",
    sex: "unknown",
    ageWeeks: null,
    metadata: {},
  });
  const sectionId = `sec${randomUUID().replace(/-/g, "").slice(0, 20)}`;
  const storageKey = `projects/${project.id}/sections/${sectionId}/original.png`;
  const png = await sharp(await readRealImage(STRANGE_2014_JPEG))
    .png()
    .toBuffer();
  await storage.put(storageKey, png);
  await db.section.create({
    data: {
      id: sectionId,
      projectId: project.id,
      subjectId: subject.id,
      name: "strange-2014.png",
      status: "ready",
      storageKey,
      originalFilename: "strange-2014.png",
      mimeType: "image/png",
      byteSize: png.length,
      sha256: "0".repeat(64),
      width: WIDTH,
      height: HEIGHT,
      pixelSizeUm: 0.5,
      uploadedById: owner.id,
    },
    select: { id: true },
  });
  const modelNames: [string, string] = [`U-Net real ${suffix}`, `U-Net synth ${suffix}`];
  const modelIds: string[] = [];
  const runIds: string[] = [];
  for (const [k, name] of modelNames.entries()) {
    const model = await insertSegmentationModel(db, {
      projectId: project.id,
      name,
      version: "1",
      storageKey: `projects/${project.id}/models/${randomUUID()}.onnx`,
      sha256: randomUUID().replace(/-/g, ""),
      byteSize: 1,
      mpp: 0.6,
      tileSize: 256,
      tileOverlap: 32,
      classes: ["background", "fiber", "boundary"],
      metadata: {},
      isBuiltin: false,
      createdById: owner.id,
    });
    modelIds.push(model.id);
    const run = await db.segmentationRun.create({
      data: {
        projectId: project.id,
        sectionId,
        modelId: model.id,
        params: {},
        paramsVersion: "2",
        status: "running",
        createdById: owner.id,
      },
      select: { id: true },
    });
    runIds.push(run.id);
    const { labels, fibers } = makeLabels(k === 0 ? 24 : 30, k === 0 ? 3 : 9);
    const ref = { projectId: project.id, sectionId, id: run.id };
    const labelsPng = await sharp(labels, { raw: { width: WIDTH, height: HEIGHT, channels: 1 } })
      .toColourspace("grey16")
      .png()
      .toBuffer();
    await storage.put(getSegmentationFileKey(ref, "labels"), labelsPng);
    // Muscle mask: everything but a 20 px frame, so muscle-minus-fibers is the gaps.
    const muscle = Uint8Array.from({ length: WIDTH * HEIGHT }, (_, i) => {
      const x = i % WIDTH;
      const y = Math.floor(i / WIDTH);
      return x > 20 && y > 20 && x < WIDTH - 20 && y < HEIGHT - 20 ? 255 : 0;
    });
    await storage.put(
      getSegmentationFileKey(ref, "muscle"),
      await sharp(muscle, { raw: { width: WIDTH, height: HEIGHT, channels: 1 } })
        .png()
        .toBuffer(),
    );
    await withTransaction(db, (tx) =>
      saveSegmentationRunResults(tx, {
        runId: run.id,
        projectId: project.id,
        sectionId,
        fibers,
        summary: { counts: { fibers: fibers.length } },
        labelsKey: getSegmentationFileKey(ref, "labels"),
      }),
    );
  }
  const roiAnnotationIds: string[] = [];
  const boxes = [
    [30, 30, 120, 120],
    [200, 40, 120, 120],
    [40, 180, 120, 120],
    [250, 190, 120, 120],
  ] as const;
  for (const [i, [x, y, w, h]] of boxes.entries()) {
    const roi = await db.annotation.create({
      data: {
        projectId: project.id,
        sectionId,
        kind: "roi",
        label: `ROI ${i + 1}`,
        shape: "square",
        geometry: rectangle(x, y, w, h),
        minX: x,
        minY: y,
        maxX: x + w,
        maxY: y + h,
        authorId: owner.id,
      },
      select: { id: true },
    });
    roiAnnotationIds.push(roi.id);
  }
  await db.annotation.create({
    data: {
      projectId: project.id,
      sectionId,
      kind: "region",
      label: "M. soleus",
      geometry: rectangle(10, 10, 400, 300),
      minX: 10,
      minY: 10,
      maxX: 410,
      maxY: 310,
      authorId: owner.id,
    },
    select: { id: true },
  });
  return {
    projectId: project.id,
    sectionId,
    ownerId: owner.id,
    raterIds: [rater1.id, rater2.id],
    unassignedRaterId: rater3.id,
    viewerId: viewer.id,
    emails: {
      owner: owner.email,
      raters: [rater1.email, rater2.email],
      unassignedRater: rater3.email,
    },
    runIds: [runIds[0] ?? "", runIds[1] ?? ""],
    modelIds: [modelIds[0] ?? "", modelIds[1] ?? ""],
    modelNames,
    roiAnnotationIds,
  };
}
