/**
 * Cohort dashboard over real Postgres: per-section values, reference µ/σ and
 * abnormal fractions checked against JS computations over the stored fibers,
 * chosen analysis runs, settings, CSV export and who may see any of it.
 */
import { randomUUID } from "node:crypto";
import { isAppError } from "@myoscope/core/errors/app-error";
import { countHistogramTails } from "@myoscope/core/statistics/histogram-quantiles";
import { withTransaction } from "@myoscope/db/client";
import { insertSyntheticRun, insertSyntheticSection } from "@myoscope/db/cohort-synthetic";
import { SUMMARY_BIN_COUNT, SUMMARY_BIN_WIDTH_UM } from "@myoscope/db/fiber-summaries";
import { insertSegmentationModel } from "@myoscope/db/segmentation-models";
import { exportCohortCsv } from "@myoscope/web/server/cohort/export-cohort-csv";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { getTestDb } from "../support/db.ts";
import {
  addTestMember,
  createTestProject,
  createTestSubject,
  createTestUser,
} from "../support/factories.ts";
import { type Caller, createTestCaller } from "../support/trpc-caller.ts";

const SOLEUS = "M. soleus";

let projectId: string;
let ownerId: string;
let outsiderId: string;
let owner: Caller;
let viewer: Caller;
let outsider: Caller;
let modelId: string;
const sectionIds: string[] = [];

async function addRun(sectionId: string, meanUm: number, stdUm: number): Promise<string> {
  return withTransaction(getTestDb(), (tx) =>
    insertSyntheticRun(tx, {
      projectId,
      sectionId,
      modelId,
      createdById: ownerId,
      fiberCount: 400,
      meanUm,
      stdUm,
      connectiveFraction: meanUm > 40 ? 0.08 : 0.2,
      connectiveThicknessMeanUm: meanUm > 40 ? 3 : 6,
      regions: [
        {
          name: SOLEUS,
          share: 0.4,
          meanUm: meanUm - 6,
          stdUm,
          connectiveFraction: meanUm > 40 ? 0.1 : 0.25,
          connectiveThicknessMeanUm: meanUm > 40 ? 3.5 : 7,
        },
      ],
    }),
  );
}

beforeAll(async () => {
  const db = getTestDb();
  const ownerUser = await createTestUser(db);
  const viewerUser = await createTestUser(db);
  const outsiderUser = await createTestUser(db);
  const project = await createTestProject(db, { ownerId: ownerUser.id });
  await addTestMember(db, { projectId: project.id, userId: viewerUser.id, role: "viewer" });
  projectId = project.id;
  ownerId = ownerUser.id;
  outsiderId = outsiderUser.id;
  owner = createTestCaller(ownerUser.id);
  viewer = createTestCaller(viewerUser.id);
  outsider = createTestCaller(outsiderUser.id);
  const model = await insertSegmentationModel(db, {
    projectId,
    name: "synthetic",
    version: "1",
    storageKey: "models/x.onnx",
    sha256: randomUUID(),
    byteSize: 1,
    mpp: 0.79,
    tileSize: 256,
    tileOverlap: 32,
    classes: ["background", "fiber", "boundary"],
    metadata: {},
    isBuiltin: false,
    createdById: ownerId,
  });
  modelId = model.id;
  for (const [group, meanUm, stdUm] of [
    ["WT", 46, 7],
    ["DKO Hom", 36, 11],
  ] as const) {
    for (let s = 0; s < 3; s++) {
      const subject = await createTestSubject(db, projectId, { group });
      for (let k = 0; k < 2; k++) {
        const sectionId = await insertSyntheticSection(db, {
          projectId,
          subjectId: subject.id,
          uploadedById: ownerId,
          name: `${group}-${s}-${k}`,
        });
        sectionIds.push(sectionId);
        await addRun(sectionId, meanUm + s - 1, stdUm);
      }
    }
  }
});

interface StoredFiber {
  sectionId: string;
  minFeretUm: number;
  regionName: string | null;
}

/** Fibers of mask 1|2 (Shape Filter, exclusions dropped) of the latest run per section. */
async function loadFilteredFibers(): Promise<StoredFiber[]> {
  const rows = await getTestDb().$queryRawUnsafe<StoredFiber[]>(
    `select f.section_id as "sectionId", f.min_feret_um as "minFeretUm", f.region_name as "regionName"
     from fibers f
     where f.project_id = $1 and f.in_muscle_mask and f.passes_shape_filter and not f.in_exclusion
       and f.run_id = (select r.id from segmentation_runs r where r.section_id = f.section_id
                       and r.status = 'succeeded' order by r.finished_at desc limit 1)`,
    projectId,
  );
  return rows;
}

function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  return { mean, std };
}

describe("cohort dashboard", () => {
  it("reports per-section mean and std and the WT reference µ/σ per region as computed from the fibers", async () => {
    const dashboard = await viewer.cohort.dashboard({
      projectId,
      isShapeFilterOnly: true,
      isExclusionsApplied: true,
      isEdgeDropped: false,
      referenceGroup: "WT",
    });
    const fibers = await loadFilteredFibers();
    expect(dashboard.groups).toEqual(["DKO Hom", "WT"]);
    expect(dashboard.regions).toEqual(["", SOLEUS]);
    expect(dashboard.sections).toHaveLength(sectionIds.length * 2);
    for (const row of dashboard.sections) {
      const own = fibers.filter(
        (f) => f.sectionId === row.sectionId && (row.region === "" || f.regionName === row.region),
      );
      const { mean, std } = meanStd(own.map((f) => f.minFeretUm));
      expect(row.fiberCount).toBe(own.length);
      expect(row.meanUm).toBeCloseTo(mean, 9);
      expect(row.stdUm).toBeCloseTo(std, 9);
    }
    const wtSections = new Set(
      dashboard.sections.filter((r) => r.group === "WT").map((r) => r.sectionId),
    );
    for (const region of ["", SOLEUS]) {
      const values = fibers
        .filter((f) => wtSections.has(f.sectionId) && (region === "" || f.regionName === region))
        .map((f) => f.minFeretUm);
      const { mean, std } = meanStd(values);
      const ref = dashboard.reference.find((r) => r.region === region);
      expect(ref?.fiberCount).toBe(values.length);
      expect(ref?.meanUm).toBeCloseTo(mean, 8);
      expect(ref?.stdUm).toBeCloseTo(std, 8);
      expect(ref?.lo).toBeCloseTo(mean - 2 * std, 8);
    }
  });

  it("computes abnormal fractions from the histograms within one bin of the exact fiber count", async () => {
    const dashboard = await viewer.cohort.dashboard({ projectId, referenceGroup: "WT", k: 2 });
    const fibers = await loadFilteredFibers();
    for (const row of dashboard.sections) {
      const own = fibers
        .filter(
          (f) =>
            f.sectionId === row.sectionId && (row.region === "" || f.regionName === row.region),
        )
        .map((f) => f.minFeretUm);
      const lo = row.lo ?? Number.NaN;
      const hi = row.hi ?? Number.NaN;
      // Same rule in JS on a histogram built here from the raw fibers: equal.
      const histogram = new Array<number>(SUMMARY_BIN_COUNT).fill(0);
      for (const d of own) {
        const bin = Math.min(Math.floor(d / SUMMARY_BIN_WIDTH_UM), SUMMARY_BIN_COUNT - 1);
        histogram[bin] = (histogram[bin] ?? 0) + 1;
      }
      const tails = countHistogramTails(histogram, lo, hi);
      expect(row.smallFraction).toBeCloseTo(tails.below / own.length, 12);
      expect(row.largeFraction).toBeCloseTo(tails.above / own.length, 12);
      // And the exact count differs by at most the fibers of the two bins holding lo and hi.
      const exact = own.filter((d) => d < lo || d > hi).length;
      const straddled = own.filter(
        (d) =>
          Math.floor(d / SUMMARY_BIN_WIDTH_UM) === Math.floor(lo / SUMMARY_BIN_WIDTH_UM) ||
          Math.floor(d / SUMMARY_BIN_WIDTH_UM) === Math.floor(hi / SUMMARY_BIN_WIDTH_UM),
      ).length;
      expect(Math.abs((row.abnormalFraction ?? 0) * own.length - exact)).toBeLessThanOrEqual(
        straddled,
      );
    }
    const dko = dashboard.sections.filter((r) => r.group === "DKO Hom" && r.region === "");
    const wt = dashboard.sections.filter((r) => r.group === "WT" && r.region === "");
    const average = (rows: typeof dko) =>
      rows.reduce((s, r) => s + (r.abnormalFraction ?? 0), 0) / rows.length;
    expect(average(dko)).toBeGreaterThan(average(wt) * 2);
  });

  it("separates the groups: Welch and Mann–Whitney on per-section means, LOSO accuracy 1", async () => {
    const dashboard = await viewer.cohort.dashboard({ projectId, referenceGroup: "WT" });
    const mean = dashboard.comparisons.find((c) => c.region === "" && c.feature === "meanUm");
    expect(mean?.nA).toBe(6);
    expect(mean?.nB).toBe(6);
    expect(mean?.groupB).toBe("DKO Hom");
    expect(mean?.welchP).toBeLessThan(0.001);
    // scipy 1.17.1 scipy.stats.mannwhitneyu([1..6], [7..12]).pvalue: exact, U = 0 of 6×6.
    expect(mean?.mannWhitneyP).toBeCloseTo(0.0021645021645021645, 12);
    expect(mean?.cliffsDelta).toBe(-1);
    const loso = dashboard.separability.find((s) => s.region === "" && s.featureSet === "diameter");
    expect(loso?.accuracy).toBe(1);
    expect(loso?.folds).toBe(6);
    const dist = dashboard.distributions.find((d) => d.group === "WT" && d.region === "");
    expect(dist?.fiberCount).toBe(
      dashboard.sections
        .filter((r) => r.group === "WT" && r.region === "")
        .reduce((s, r) => s + r.fiberCount, 0),
    );
    expect(dashboard.subjects.filter((s) => s.region === "")).toHaveLength(6);
  });

  it("follows the filters and the reference group", async () => {
    const loose = await viewer.cohort.dashboard({
      projectId,
      isShapeFilterOnly: false,
      isExclusionsApplied: false,
      isEdgeDropped: false,
    });
    const strict = await viewer.cohort.dashboard({
      projectId,
      isShapeFilterOnly: true,
      isExclusionsApplied: true,
      isEdgeDropped: true,
    });
    const total = (d: typeof loose) =>
      d.sections.filter((r) => r.region === "").reduce((s, r) => s + r.fiberCount, 0);
    expect(total(strict)).toBeLessThan(total(loose));
    const byDko = await viewer.cohort.dashboard({ projectId, referenceGroup: "DKO Hom" });
    expect(byDko.referenceGroup).toBe("DKO Hom");
    const wtRef = await viewer.cohort.dashboard({ projectId, referenceGroup: "WT" });
    expect(byDko.reference[0]?.meanUm).toBeLessThan(wtRef.reference[0]?.meanUm ?? 0);
  });

  it("uses the chosen analysis run of a section, and the latest succeeded one when none is chosen", async () => {
    const sectionId = sectionIds[0] ?? "";
    const before = await owner.cohort.dashboard({ projectId });
    const original = before.sections.find((r) => r.sectionId === sectionId && r.region === "");
    const newer = await addRun(sectionId, 80, 5);
    const latest = await owner.cohort.dashboard({ projectId });
    expect(latest.sections.find((r) => r.sectionId === sectionId && r.region === "")?.runId).toBe(
      newer,
    );
    await owner.cohort.setAnalysisRun({ projectId, sectionId, runId: original?.runId ?? "" });
    const chosen = await owner.cohort.dashboard({ projectId });
    const row = chosen.sections.find((r) => r.sectionId === sectionId && r.region === "");
    expect(row?.runId).toBe(original?.runId);
    expect(row?.meanUm).toBe(original?.meanUm);
    // A run of another section is refused and nothing changes.
    const other = before.sections.find((r) => r.sectionId === sectionIds[1])?.runId ?? "";
    await expect(
      owner.cohort.setAnalysisRun({ projectId, sectionId, runId: other }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await owner.cohort.setAnalysisRun({ projectId, sectionId, runId: null });
    const cleared = await owner.cohort.dashboard({ projectId });
    expect(cleared.sections.find((r) => r.sectionId === sectionId && r.region === "")?.runId).toBe(
      newer,
    );
    await owner.cohort.setAnalysisRun({ projectId, sectionId, runId: original?.runId ?? "" });
  });

  it("saves the project's defaults for editors and uses them when the query names none", async () => {
    await expect(
      viewer.cohort.saveSettings({ projectId, referenceGroup: "DKO Hom", k: 3 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await owner.cohort.saveSettings({ projectId, referenceGroup: "DKO Hom", k: 3 });
    const dashboard = await viewer.cohort.dashboard({ projectId });
    expect(dashboard.referenceGroup).toBe("DKO Hom");
    expect(dashboard.k).toBe(3);
    expect(dashboard.settings.referenceGroup).toBe("DKO Hom");
    await owner.cohort.saveSettings({ projectId, referenceGroup: "WT", k: 2 });
  });

  it("exports tables as CSV for members only", async () => {
    const { csv, fileName } = await exportCohortCsv(getTestDb(), {
      projectId,
      userId: ownerId,
      table: "sections.csv",
      searchParams: new URLSearchParams("shape=1&exclusions=1&ref=WT"),
    });
    expect(fileName).toBe("cohort-sections.csv");
    const lines = csv.trim().split("\n");
    expect(lines[0]).toMatch(/^sectionId,sectionName,subjectIdentifier,group,runId,region,/);
    expect(lines).toHaveLength(1 + sectionIds.length * 2);
    const denied = await exportCohortCsv(getTestDb(), {
      projectId,
      userId: outsiderId,
      table: "sections.csv",
      searchParams: new URLSearchParams(),
    }).catch((e: unknown) => e);
    expect(isAppError(denied) && denied.code).toBe("NOT_FOUND");
    const unknown = await exportCohortCsv(getTestDb(), {
      projectId,
      userId: ownerId,
      table: "passwords.csv",
      searchParams: new URLSearchParams(),
    }).catch((e: unknown) => e);
    expect(isAppError(unknown) && unknown.code).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND to a non-member and leaves the project unchanged", async () => {
    for (const call of [
      () => outsider.cohort.dashboard({ projectId }),
      () => outsider.cohort.saveSettings({ projectId, referenceGroup: "X" }),
      () =>
        outsider.cohort.setAnalysisRun({ projectId, sectionId: sectionIds[0] ?? "", runId: null }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("NOT_FOUND");
    }
    const dashboard = await owner.cohort.dashboard({ projectId });
    expect(dashboard.settings.referenceGroup).toBe("WT");
  });
});
