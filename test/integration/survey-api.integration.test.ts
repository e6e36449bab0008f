/**
 * Blinded surveys through the real router (createCaller), real Postgres and
 * real images: design → open → grade → close → unblind, the blinding of every
 * rater response, and the refusals (unassigned rater, grade outside the scale,
 * closed survey, results for raters, unblinding too early).
 */

import { execFileSync } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import {
  DEFAULT_SURVEY_CATEGORIES,
  DEFAULT_SURVEY_SCALE,
} from "@myoscope/core/surveys/survey-defaults";
import { TRPCError } from "@trpc/server";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { renderSurveyImage } from "../../apps/web/src/server/surveys/render-survey-image.ts";
import { getTestDb } from "../support/db.ts";
import { createSurveyFixture, type SurveyFixture } from "../support/survey-fixtures.ts";
import { type Caller, createTestCaller, createTestDeps } from "../support/trpc-caller.ts";

const deps = createTestDeps();
let f: SurveyFixture;
let owner: Caller;
let rater1: Caller;
let rater2: Caller;

async function expectTrpcError(promise: Promise<unknown>, code: TRPCError["code"]) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  return error as TRPCError;
}

function design(overrides: Record<string, unknown> = {}) {
  return {
    projectId: f.projectId,
    name: "Real vs synthetic",
    instructions: "Grade each mask.",
    categories: [...DEFAULT_SURVEY_CATEGORIES],
    scale: [...DEFAULT_SURVEY_SCALE],
    seed: 1234,
    raterIds: [...f.raterIds],
    roiAnnotationIds: f.roiAnnotationIds,
    arms: [{ modelId: f.modelIds[0] }, { modelId: f.modelIds[1] }],
    ...overrides,
  };
}

/** Every identifier a rater must never see. */
function secrets(): string[] {
  return [...f.runIds, ...f.modelIds, ...f.modelNames];
}

function expectNoSecrets(label: string, value: unknown) {
  const json = JSON.stringify(value);
  for (const secret of secrets()) expect(json, `${label} leaks ${secret}`).not.toContain(secret);
}

/** A rater's response: no secret, and not even a field that could hold one. */
function expectBlind(label: string, value: unknown) {
  expectNoSecrets(label, value);
  expect(JSON.stringify(value), label).not.toMatch(/runId|modelId|armId|"arm"/);
}

beforeAll(async () => {
  f = await createSurveyFixture(getTestDb(), deps.storage);
  owner = createTestCaller(f.ownerId, deps);
  rater1 = createTestCaller(f.raterIds[0], deps);
  rater2 = createTestCaller(f.raterIds[1], deps);
});

describe("survey design and lifecycle", () => {
  it("creates a draft over four ROIs, resolving each arm's model to its run on the ROI's section", async () => {
    const survey = await owner.survey.create(design());
    expect(survey).toMatchObject({
      status: "draft",
      itemCount: 4,
      armCount: 2,
      raterCount: 2,
      seed: 1234,
    });
    const detail = await owner.survey.get({ projectId: f.projectId, surveyId: survey.id });
    expect(detail.arms.map((a) => a.name)).toEqual(f.modelNames.map((n) => `${n} 1`));
    for (const item of detail.items) {
      expect(item.panels.map((p) => p.runId).sort()).toEqual([...f.runIds].sort());
      expect(item.panels.every((p) => p.letter === null)).toBe(true);
    }
  });

  it("generates fixed-size ROIs inside a named region, the same ones for the same seed", async () => {
    const generate = {
      sectionIds: [f.sectionId],
      sizeUm: 50,
      regions: [{ label: "M. soleus", count: 3 }],
    };
    const a = await owner.survey.create(design({ roiAnnotationIds: [], generate }));
    const b = await owner.survey.create(design({ roiAnnotationIds: [], generate }));
    const itemsA = (await owner.survey.get({ projectId: f.projectId, surveyId: a.id })).items;
    const itemsB = (await owner.survey.get({ projectId: f.projectId, surveyId: b.id })).items;
    expect(itemsA).toHaveLength(3);
    const boxes = (items: typeof itemsA) =>
      items.map(({ x, y, width, height }) => ({ x, y, width, height }));
    expect(boxes(itemsA)).toEqual(boxes(itemsB));
    for (const item of itemsA) {
      expect(item.width).toBe(100); // 50 µm at 0.5 µm/px
      expect(item.x).toBeGreaterThanOrEqual(10);
      expect(item.x + item.width).toBeLessThanOrEqual(410);
      expect(item.y + item.height).toBeLessThanOrEqual(310);
    }
    await expectTrpcError(
      owner.survey.create(
        design({
          roiAnnotationIds: [],
          generate: { ...generate, regions: [{ label: "M. plantaris", count: 1 }] },
        }),
      ),
      "BAD_REQUEST",
    );
  });

  it("refuses a design whose arms resolve to the same run, writing nothing", async () => {
    const before = await getTestDb().survey.count({ where: { projectId: f.projectId } });
    const error = await expectTrpcError(
      owner.survey.create(
        design({ arms: [{ modelId: f.modelIds[0] }, { runIds: [f.runIds[0]] }] }),
      ),
      "BAD_REQUEST",
    );
    expect(error.message).toMatch(/same run/);
    expect(await getTestDb().survey.count({ where: { projectId: f.projectId } })).toBe(before);
  });

  it("refuses a viewer as rater", async () => {
    await expectTrpcError(owner.survey.create(design({ raterIds: [f.viewerId] })), "BAD_REQUEST");
  });
});

describe("blinded rating", () => {
  let surveyId: string;

  beforeAll(async () => {
    surveyId = (await owner.survey.create(design({ seed: 99 }))).id;
    await owner.survey.open({ projectId: f.projectId, surveyId });
  });

  it("draws letters from the seed and a different ROI order per rater", async () => {
    const view1 = await rater1.survey.rate({ projectId: f.projectId, surveyId });
    const view2 = await rater2.survey.rate({ projectId: f.projectId, surveyId });
    expect(view1.items).toHaveLength(4);
    expect(view1.items.map((i) => i.id).sort()).toEqual(view2.items.map((i) => i.id).sort());
    for (const item of view1.items) expect(item.letters).toEqual(["A", "B"]);
    expect(view1.progress).toEqual({ graded: 0, total: 4 * 2 * 3 });
    const rows = await getTestDb().surveyRater.findMany({
      where: { surveyId },
      select: { itemOrder: true },
    });
    expect(rows.every((r) => r.itemOrder.length === 4)).toBe(true);
  });

  it("refuses to delete a run that the open survey shows, naming the survey", async () => {
    const runId = f.runIds[0];
    await expect(
      owner.segmentation.deleteRun({ projectId: f.projectId, runId }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/is shown in the survey/),
    });
    const row = await getTestDb().segmentationRun.findUnique({
      where: { id: runId },
      select: { id: true },
    });
    expect(row).toEqual({ id: runId });
  });

  it("never sends a rater a run id, model id, model name or arm, in any response", async () => {
    const responses: [string, unknown][] = [];
    responses.push(["mine", await rater1.survey.mine({ projectId: f.projectId })]);
    const view = await rater1.survey.rate({ projectId: f.projectId, surveyId });
    responses.push(["rate", view]);
    for (const item of view.items) {
      for (const letter of item.letters) {
        for (const category of view.categories) {
          responses.push([
            "grade",
            await rater1.survey.grade({
              projectId: f.projectId,
              surveyId,
              itemId: item.id,
              letter,
              category,
              grade: 4,
            }),
          ]);
        }
      }
    }
    responses.push(["rate again", await rater1.survey.rate({ projectId: f.projectId, surveyId })]);
    for (const [label, value] of responses) expectBlind(label, value);
  });

  it("keeps one row per (rater, ROI, letter, category) when a grade is resubmitted", async () => {
    const view = await rater2.survey.rate({ projectId: f.projectId, surveyId });
    const item = view.items[0];
    if (!item) throw new Error("no item");
    const input = {
      projectId: f.projectId,
      surveyId,
      itemId: item.id,
      letter: "A",
      category: "Segmentation",
    };
    await rater2.survey.grade({ ...input, grade: 2 });
    await rater2.survey.grade({ ...input, grade: 2 });
    const result = await rater2.survey.grade({ ...input, grade: 5 });
    expect(result.graded).toBe(1);
    const rows = await getTestDb().surveyGrade.findMany({
      where: {
        surveyId,
        raterId: f.raterIds[1],
        itemId: item.id,
        letter: "A",
        category: "Segmentation",
      },
      select: { grade: true },
    });
    expect(rows).toEqual([{ grade: 5 }]);
  });

  it("refuses grades outside the scale, unknown letters and categories, changing nothing", async () => {
    const view = await rater2.survey.rate({ projectId: f.projectId, surveyId });
    const itemId = view.items[1]?.id ?? "";
    const base = {
      projectId: f.projectId,
      surveyId,
      itemId,
      letter: "A",
      category: "Segmentation",
    };
    const count = () => getTestDb().surveyGrade.count({ where: { surveyId } });
    const before = await count();
    for (const grade of [0, 6, -1]) {
      const error = await expectTrpcError(rater2.survey.grade({ ...base, grade }), "BAD_REQUEST");
      expect(error.message).toMatch(/grade must be an integer in 1..5/);
    }
    await expectTrpcError(rater2.survey.grade({ ...base, grade: 3.5 }), "BAD_REQUEST");
    await expectTrpcError(
      rater2.survey.grade({ ...base, category: "Nuclei", grade: 3 }),
      "BAD_REQUEST",
    );
    await expectTrpcError(rater2.survey.grade({ ...base, letter: "C", grade: 3 }), "NOT_FOUND");
    expect(await count()).toBe(before);
  });

  it("refuses a rater who is not assigned, on every rater procedure and image", async () => {
    const stranger = createTestCaller(f.unassignedRaterId, deps);
    await expectTrpcError(stranger.survey.rate({ projectId: f.projectId, surveyId }), "FORBIDDEN");
    const itemId = (
      await getTestDb().surveyItem.findFirstOrThrow({ where: { surveyId }, select: { id: true } })
    ).id;
    await expectTrpcError(
      stranger.survey.grade({
        projectId: f.projectId,
        surveyId,
        itemId,
        letter: "A",
        category: "Segmentation",
        grade: 3,
      }),
      "FORBIDDEN",
    );
    expect(await stranger.survey.mine({ projectId: f.projectId })).toEqual([]);
    await expect(
      renderSurveyImage(deps, {
        projectId: f.projectId,
        surveyId,
        itemId,
        userId: f.unassignedRaterId,
        letter: "A",
        categoryIndex: 0,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses raters the design, the results and therefore other raters' grades", async () => {
    for (const call of [
      rater1.survey.results({ projectId: f.projectId, surveyId }),
      rater1.survey.get({ projectId: f.projectId, surveyId }),
      rater1.survey.list({ projectId: f.projectId }),
      rater1.survey.unblind({ projectId: f.projectId, surveyId }),
    ]) {
      await expectTrpcError(call, "FORBIDDEN");
    }
    const own = await rater2.survey.rate({ projectId: f.projectId, surveyId });
    // rater1 graded everything 4; rater2 sees only its own single grade.
    expect(own.grades).toEqual([expect.objectContaining({ grade: 5 })]);
  });

  it("renders each panel's mask and the plain crop as PNGs of the ROI with its surroundings", async () => {
    const view = await rater1.survey.rate({ projectId: f.projectId, surveyId });
    const item = view.items[0];
    if (!item) throw new Error("no item");
    const input = { projectId: f.projectId, surveyId, itemId: item.id, userId: f.raterIds[0] };
    const plain = await renderSurveyImage(deps, { ...input, letter: null, categoryIndex: null });
    const meta = await sharp(plain).metadata();
    expect(meta.format).toBe("png");
    expect(meta.width).toBe(item.context.width);
    const pngs = await Promise.all(
      [0, 1, 2].flatMap((categoryIndex) =>
        ["A", "B"].map((letter) => renderSurveyImage(deps, { ...input, letter, categoryIndex })),
      ),
    );
    // Every mask paints a visible share of the crop, and the two runs' masks differ.
    const raw = (png: Buffer) => sharp(png).removeAlpha().raw().toBuffer();
    const plainPixels = await raw(plain);
    const changed = async (png: Buffer) => {
      const pixels = await raw(png);
      let count = 0;
      for (let i = 0; i < pixels.length; i += 3) {
        if (
          pixels[i] !== plainPixels[i] ||
          pixels[i + 1] !== plainPixels[i + 1] ||
          pixels[i + 2] !== plainPixels[i + 2]
        ) {
          count++;
        }
      }
      return count / (pixels.length / 3);
    };
    for (const png of pngs) expect(await changed(png)).toBeGreaterThan(0.03);
    expect(Buffer.compare(pngs[0] ?? Buffer.alloc(0), pngs[1] ?? Buffer.alloc(0))).not.toBe(0);
  });

  it("renders the crop from the section's pyramid when sharp cannot decode the original (vendor slides)", async () => {
    const view = await rater1.survey.rate({ projectId: f.projectId, surveyId });
    const item = view.items[0];
    if (!item) throw new Error("no item");
    const input = {
      projectId: f.projectId,
      surveyId,
      itemId: item.id,
      userId: f.raterIds[0],
      letter: null,
      categoryIndex: null,
    };
    const fromOriginal = await renderSurveyImage(deps, input);
    const { storageKey } = await getTestDb().section.findUniqueOrThrow({
      where: { id: f.sectionId },
      select: { storageKey: true },
    });
    const original = await deps.storage.get(storageKey);
    // The pyramid as the ingest job writes it (256-px JPEG tiles, quality 85, DeepZoom layout).
    const pyramidKey = storageKey.replace(/original\.png$/, "pyramid-test/image");
    const pyramidPath = await deps.storage.localPath(pyramidKey);
    await mkdir(dirname(pyramidPath), { recursive: true });
    execFileSync("env", [
      "-u",
      "VIPSHOME",
      "vips",
      "dzsave",
      await deps.storage.localPath(storageKey),
      pyramidPath,
      "--layout",
      "dz",
      "--tile-size",
      "256",
      "--overlap",
      "0",
      "--suffix",
      ".jpg[Q=85]",
    ]);
    await getTestDb().section.update({
      where: { id: f.sectionId },
      data: { pyramidKey, tileSize: 256 },
    });
    // Bytes no decoder reads stand in for an SVS with JPEG 2000 tiles.
    await deps.storage.put(storageKey, Buffer.from("not an image the web server can decode"));
    try {
      const fromPyramid = await renderSurveyImage(deps, input);
      const [a, b] = await Promise.all(
        [fromOriginal, fromPyramid].map((png) => sharp(png).removeAlpha().raw().toBuffer()),
      );
      expect(b?.length).toBe(a?.length);
      let difference = 0;
      for (let i = 0; i < (a?.length ?? 0); i++) {
        difference += Math.abs((a?.[i] as number) - (b?.[i] as number));
      }
      expect(difference / (a?.length ?? 1)).toBeLessThan(6);
    } finally {
      await deps.storage.put(storageKey, original);
    }
  });

  it("unblinds only after closing, only for the owner, logged once; grading a closed survey is refused", async () => {
    await expectTrpcError(owner.survey.unblind({ projectId: f.projectId, surveyId }), "CONFLICT");
    const before = await owner.survey.results({ projectId: f.projectId, surveyId });
    expect(before.isUnblinded).toBe(false);
    expect(before.arms.map((a) => a.label)).toEqual(["Arm 1", "Arm 2"]);
    expectNoSecrets("results before unblinding", before);

    await owner.survey.close({ projectId: f.projectId, surveyId });
    const view = await rater1.survey.rate({ projectId: f.projectId, surveyId });
    expect(view.isEditable).toBe(false);
    const item = view.items[0];
    const count = await getTestDb().surveyGrade.count({ where: { surveyId } });
    const error = await expectTrpcError(
      rater1.survey.grade({
        projectId: f.projectId,
        surveyId,
        itemId: item?.id ?? "",
        letter: "A",
        category: "Segmentation",
        grade: 1,
      }),
      "CONFLICT",
    );
    expect(error.message).toMatch(/closed/);
    expect(await getTestDb().surveyGrade.count({ where: { surveyId } })).toBe(count);

    await owner.survey.unblind({ projectId: f.projectId, surveyId });
    await expectTrpcError(owner.survey.unblind({ projectId: f.projectId, surveyId }), "CONFLICT");
    const events = await getTestDb().surveyEvent.findMany({
      where: { surveyId },
      orderBy: { createdAt: "asc" },
      select: { type: true, userId: true },
    });
    expect(events).toEqual([
      { type: "opened", userId: f.ownerId },
      { type: "closed", userId: f.ownerId },
      { type: "unblinded", userId: f.ownerId },
    ]);
    const after = await owner.survey.results({ projectId: f.projectId, surveyId });
    expect(after.arms.map((a) => a.label)).toEqual(f.modelNames.map((n) => `${n} 1`));
    expect(after.items[0]?.panels.map((p) => p.runId).sort()).toEqual([...f.runIds].sort());
    // rater1 gave every panel a 4: no difference, so the tests are undefined (null).
    const r1 = after.comparisons.filter((c) => c.raterId === f.raterIds[0]);
    expect(r1).toHaveLength(3);
    expect(r1.every((c) => c.n === 4 && c.meanDifference === 0 && c.tPValue === null)).toBe(true);
    expect(after.counts.find((c) => c.raterId === f.raterIds[0])?.counts.counts).toEqual([
      0, 0, 0, 4, 0,
    ]);
  });

  it("lets only the owner unblind, not an editor", async () => {
    const db = getTestDb();
    const editor = await db.user.create({
      data: { email: `ed-${Date.now()}@test.local`, name: "Editor" },
      select: { id: true },
    });
    await db.projectMember.create({
      data: { projectId: f.projectId, userId: editor.id, role: "editor" },
      select: { id: true },
    });
    const id = (await owner.survey.create(design())).id;
    await owner.survey.open({ projectId: f.projectId, surveyId: id });
    await owner.survey.close({ projectId: f.projectId, surveyId: id });
    await expectTrpcError(
      createTestCaller(editor.id, deps).survey.unblind({ projectId: f.projectId, surveyId: id }),
      "FORBIDDEN",
    );
  });
});
