/**
 * Cohort dashboard in Chromium: a small cohort with fibers is written straight
 * into the e2e database (no segmentation needed), then the demo user opens the
 * dashboard, changes a filter and the reference group, exports a CSV and
 * follows an abnormal-fiber link into the viewer. Needs E2E_DATABASE_URL, the
 * database scripts/run-e2e.ts created.
 */

import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { createDb, type Db, withTransaction } from "@myoscope/db/client";
import { insertSyntheticRun, insertSyntheticSection } from "@myoscope/db/cohort-synthetic";
import { insertProject } from "@myoscope/db/projects";
import { insertSegmentationModel } from "@myoscope/db/segmentation-models";
import { insertSubject } from "@myoscope/db/subjects";
import { expect, type Page, test } from "@playwright/test";

const SHOTS = "/tmp/cohort-e2e";
mkdirSync(SHOTS, { recursive: true });
const DEMO_EMAIL = "demo@myoscope.local";

interface CohortFixture {
  projectId: string;
  foreignProjectId: string;
  sections: { id: string; name: string; group: string }[];
}

async function seedCohort(db: Db): Promise<CohortFixture> {
  const demo = await db.user.findUniqueOrThrow({
    where: { email: DEMO_EMAIL },
    select: { id: true, organizations: { select: { organizationId: true }, take: 1 } },
  });
  const organizationId = demo.organizations[0]?.organizationId ?? "";
  const project = await insertProject(db, {
    organizationId,
    name: `Cohort e2e ${Date.now()}`,
    description: "",
    ownerId: demo.id,
  });
  const model = await insertSegmentationModel(db, {
    projectId: project.id,
    name: "e2e-synthetic",
    version: "1",
    storageKey: "models/none.onnx",
    sha256: randomUUID(),
    byteSize: 1,
    mpp: 0.78,
    tileSize: 256,
    tileOverlap: 32,
    classes: ["background", "fiber", "boundary"],
    metadata: {},
    isBuiltin: false,
    createdById: demo.id,
  });
  const sections: CohortFixture["sections"] = [];
  for (const [group, meanUm, stdUm] of [
    ["WT", 46, 7],
    ["DKO Hom", 35, 11],
  ] as const) {
    for (let s = 1; s <= 2; s++) {
      const subject = await insertSubject(db, {
        projectId: project.id,
        identifier: `${group === "WT" ? "WT" : "DKO"}-E${s}`,
        group,
        sex: "unknown",
        ageWeeks: null,
        metadata: {},
      });
      const name = `${group === "WT" ? "wt" : "dko"}-section-${s}`;
      const sectionId = await insertSyntheticSection(db, {
        projectId: project.id,
        subjectId: subject.id,
        uploadedById: demo.id,
        name,
      });
      await withTransaction(db, (tx) =>
        insertSyntheticRun(tx, {
          projectId: project.id,
          sectionId,
          modelId: model.id,
          createdById: demo.id,
          fiberCount: 600,
          meanUm: meanUm + s,
          stdUm,
          connectiveFraction: group === "WT" ? 0.08 : 0.2,
          connectiveThicknessMeanUm: group === "WT" ? 3 : 6,
          regions: [
            {
              name: "M. soleus",
              share: 0.4,
              meanUm: meanUm - 6,
              stdUm,
              connectiveFraction: group === "WT" ? 0.1 : 0.26,
              connectiveThicknessMeanUm: group === "WT" ? 3.5 : 7,
            },
          ],
        }),
      );
      sections.push({ id: sectionId, name, group });
    }
  }
  // A project the demo user is no member of: its CSV must be a 404.
  const stranger = await db.user.create({
    data: { email: `stranger-${randomUUID()}@e2e.test`, name: "Stranger" },
    select: { id: true },
  });
  const foreign = await insertProject(db, {
    organizationId,
    name: "Not yours",
    description: "",
    ownerId: stranger.id,
  });
  return { projectId: project.id, foreignProjectId: foreign.id, sections };
}

let fixture: CohortFixture;

test.beforeAll(async () => {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (scripts/run-e2e.ts sets it)");
  const db = createDb(url, { poolSize: 1 });
  try {
    fixture = await seedCohort(db);
  } finally {
    await db.$disconnect();
  }
});

async function signInAsDemo(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO_EMAIL);
  await page.getByLabel("Password").fill("myoscope-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);
}

test("the cohort dashboard follows filters and the reference group, exports CSV and opens abnormal fibers in the viewer", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 1100 });
  await signInAsDemo(page);
  await page.goto(`/projects/${fixture.projectId}`);
  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Cohort" })
    .click();
  await expect(page).toHaveURL(new RegExp(`/projects/${fixture.projectId}/cohort$`));
  const summary = page.getByTestId("cohort-summary");
  await expect(summary).toContainText("4 sections in 2 groups; 4 with a finished segmentation");
  await expect(page.getByTestId("mean-std-scatter")).toBeVisible();
  // 2 groups × 2 regions × 2 sections, each drawn once per region.
  await expect(page.getByTestId("mean-std-scatter").locator("title")).toHaveCount(8);
  await expect(page.getByTestId("section-table").locator("tbody tr")).toHaveCount(8);
  await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });

  // The distributions as violins: one per group, with median and quartiles in its title.
  await page.getByLabel("Distribution view").selectOption("violin");
  const violins = page.getByTestId("distribution-chart").getByTestId("violin");
  await expect(violins).toHaveCount(2);
  await expect(violins.first().locator("title")).toContainText(/median [\d.]+ µm, quartiles/);
  await page.getByTestId("distribution-chart").screenshot({ path: `${SHOTS}/violins.png` });

  // The reference defaults to the wild type; the rule's µ/σ follow a switch to DKO Hom.
  await expect(summary).toContainText("Reference WT");
  const separability = page.getByTestId("separability-table");
  await expect(separability).toContainText("WT vs DKO Hom");
  await expect(separability.locator("tbody tr").first()).toContainText("100%");
  await page.getByLabel("Reference group").selectOption("DKO Hom");
  await expect(summary).toContainText("Reference DKO Hom");
  await expect(separability).toContainText("DKO Hom vs WT");

  // A filter changes the fibers counted, and so the reference µ.
  const before = await summary.textContent();
  const fibersCell = page
    .getByTestId("section-table")
    .locator("tbody tr")
    .filter({ hasText: "wt-section-1" })
    .filter({ hasText: "Whole section" })
    .locator("td")
    .nth(4);
  const fibersBefore = Number((await fibersCell.textContent())?.replaceAll(",", ""));
  await page.getByLabel("Shape Filter fibers only").uncheck();
  await expect(summary).not.toHaveText(before ?? "");
  await expect
    .poll(async () => Number((await fibersCell.textContent())?.replaceAll(",", "")))
    .toBeGreaterThan(fibersBefore);

  // CSV of the per-section table, for exactly these filters and this reference.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("exports-sections").getByRole("link", { name: "CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("cohort-sections.csv");
  const csv = readFileSync((await download.path()) ?? "", "utf8")
    .trim()
    .split("\n");
  expect(csv[0]).toMatch(/^sectionId,sectionName,subjectIdentifier,group,runId,region,fiberCount,/);
  expect(csv).toHaveLength(9);
  const wtRow = csv.find((line) => line.includes("wt-section-1") && line.includes(",,"));
  expect(wtRow).toBeDefined();
  expect(download.url()).toContain("shape=0");
  expect(download.url()).toContain("ref=DKO+Hom");

  // Not a member: the same CSV route of another project is a 404.
  const denied = await page.request.get(
    `/api/projects/${fixture.foreignProjectId}/cohort/sections.csv`,
  );
  expect(denied.status()).toBe(404);

  // Abnormal fibers of a DKO section in the viewer, with the WT thresholds again.
  await page.getByLabel("Reference group").selectOption("WT");
  await expect(summary).toContainText("Reference WT");
  const dko = fixture.sections.find((s) => s.group === "DKO Hom");
  await page.getByTestId(`abnormal-link-${dko?.id}-whole`).click();
  await expect(page).toHaveURL(
    new RegExp(
      `/projects/${fixture.projectId}/sections/${dko?.id}\\?run=[^&]+&overlay=abnormal&lo=\\d+\\.\\d\\d&hi=\\d+\\.\\d\\d$`,
    ),
  );
  await expect(page.getByRole("heading", { name: dko?.name })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/viewer.png` });
});
