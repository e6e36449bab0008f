/**
 * A blinded survey end to end in Chromium: the owner designs it over four ROIs
 * and two models' runs and opens it; two raters grade everything (one reloads
 * mid-way and resumes); the owner closes, unblinds and reads the chart and
 * p-values. Raters are refused results and other raters' grades, and nothing a
 * rater's browser receives names a run or a model.
 */
import { createDb, type Db } from "@myoscope/db/client";
import { createLocalStorage } from "@myoscope/storage/local-storage";
import { hashPassword } from "@myoscope/web/server/auth/password";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { createSurveyFixture, type SurveyFixture } from "../support/survey-fixtures.ts";

const SHOTS = "/tmp/survey-web";
const PASSWORD = "survey-e2e-password";

let db: Db;
let f: SurveyFixture;

test.beforeAll(async () => {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  const storageDir = process.env.E2E_STORAGE_DIR;
  if (!databaseUrl || !storageDir) {
    throw new Error("run through npm run test:e2e (E2E_DATABASE_URL and E2E_STORAGE_DIR)");
  }
  db = createDb(databaseUrl, { poolSize: 2 });
  f = await createSurveyFixture(db, createLocalStorage(storageDir), {
    passwordHash: await hashPassword(PASSWORD, 4),
  });
});

test.afterAll(async () => {
  await db?.$disconnect();
});

async function signIn(browser: Browser, email: string): Promise<{ page: Page; bodies: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
  const page = await context.newPage();
  const bodies: string[] = [];
  page.on("response", async (response) => {
    // Everything the browser receives: JSON, HTML, RSC payloads, scripts; images by URL.
    const type = response.headers()["content-type"] ?? "";
    bodies.push(response.url());
    if (type.startsWith("image/")) return;
    try {
      bodies.push(await response.text());
    } catch {
      // Redirects and aborted requests have no body.
    }
  });
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  return { page, bodies };
}

/** Grades every panel of the current ROI: A gets `a`, B gets `b`, category by category. */
async function gradeCurrentRoi(page: Page, a: number, b: number) {
  for (let category = 0; category < 3; category++) {
    await page.keyboard.press(String(a));
    await page.keyboard.press(String(b));
  }
}

async function rateAll(page: Page, surveyId: string, options: { reloadAfter?: number }) {
  await page.goto(`/projects/${f.projectId}/surveys`);
  await page.getByTestId("my-survey").getByRole("link", { name: "Rate" }).click();
  await expect(page).toHaveURL(new RegExp(`/surveys/${surveyId}/rate$`));
  await expect(page.getByTestId("rate-progress")).toHaveText("0 / 24 graded");
  const imageA = page.getByTestId("panel-A").getByRole("img");
  await expect
    .poll(() => imageA.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
    .toBeGreaterThan(100);
  for (let roi = 0; roi < 4; roi++) {
    await expect(page.getByTestId("rate-position")).toHaveText(`ROI ${roi + 1} of 4`);
    await gradeCurrentRoi(page, 2 + (roi % 3), 3 + (roi % 2));
    await expect(page.getByTestId("rate-progress")).toHaveText(`${(roi + 1) * 6} / 24 graded`);
    if (roi === 1) await page.screenshot({ path: `${SHOTS}/rate.png`, fullPage: true });
    if (options.reloadAfter === roi + 1) {
      await page.waitForLoadState("networkidle");
      await page.reload();
      // Resumes at the first ROI with a missing grade, with the saved grades.
      await expect(page.getByTestId("rate-progress")).toHaveText(`${(roi + 1) * 6} / 24 graded`);
      await expect(page.getByTestId("rate-position")).toHaveText(`ROI ${roi + 2} of 4`);
      continue;
    }
    if (roi < 3) await page.keyboard.press("ArrowRight");
  }
  await page.waitForLoadState("networkidle");
  await expect(page.getByTestId("rate-progress")).toHaveText("24 / 24 graded");
}

test("owner runs a blinded survey that two raters grade without learning which model is which", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const owner = await signIn(browser, f.emails.owner);
  await owner.page.goto(`/projects/${f.projectId}/surveys`);
  const form = owner.page.getByRole("form", { name: "Design a survey" });
  await form.getByLabel("Survey name").fill("U-Net real vs synth");
  await form.getByLabel("Seed").fill("20251125");
  await form.getByRole("button", { name: "Select all ROIs" }).click();
  await form.getByLabel("Arm 1", { exact: true }).selectOption(`model:${f.modelIds[0]}`);
  await form.getByLabel("Arm 2", { exact: true }).selectOption(`model:${f.modelIds[1]}`);
  for (const email of f.emails.raters) await form.getByLabel(new RegExp(email)).check();
  await owner.page.screenshot({ path: `${SHOTS}/design.png`, fullPage: true });
  await form.getByRole("button", { name: "Create draft" }).click();
  await expect(form.getByText(/saved with 4 ROIs \(seed 20251125\)/)).toBeVisible();
  const row = owner.page.getByTestId("survey-row").filter({ hasText: "U-Net real vs synth" });
  await row.getByRole("button", { name: "Open" }).click();
  await expect(row).toContainText("open");
  const survey = await db.survey.findFirstOrThrow({
    where: { projectId: f.projectId },
    select: { id: true },
  });

  const rater1 = await signIn(browser, f.emails.raters[0]);
  await rateAll(rater1.page, survey.id, { reloadAfter: 2 });
  const rater2 = await signIn(browser, f.emails.raters[1]);
  await rateAll(rater2.page, survey.id, {});

  // Raters are refused the results page, the results procedure and the raw-grades export.
  await rater1.page.goto(`/projects/${f.projectId}/surveys/${survey.id}/results`);
  await expect(
    rater1.page
      .getByRole("alert")
      .filter({ hasText: "needs the editor role or higher; you are rater" }),
  ).toBeVisible();
  const csv = await rater1.page.request.get(
    `/api/projects/${f.projectId}/surveys/${survey.id}/export/grades.csv`,
  );
  expect(csv.status()).toBe(403);
  const input = encodeURIComponent(
    JSON.stringify({ json: { projectId: f.projectId, surveyId: survey.id } }),
  );
  const trpc = await rater2.page.request.get(`/api/trpc/survey.results?input=${input}`);
  expect(trpc.status()).toBe(403);

  // Nothing any rater received names a run or a model.
  for (const { bodies } of [rater1, rater2]) {
    expect(bodies.length).toBeGreaterThan(20);
    const all = bodies.join("\n");
    for (const secret of [...f.runIds, ...f.modelIds, ...f.modelNames]) {
      expect(all, `a rater received ${secret}`).not.toContain(secret);
    }
  }

  // The owner closes, unblinds and reads the results.
  await owner.page.reload();
  await row.getByRole("button", { name: "Close" }).click();
  await expect(row).toContainText("closed");
  await row.getByRole("button", { name: "Unblind" }).click();
  await expect(row).toContainText("unblinded");
  await row.getByRole("link", { name: "Results" }).click();
  await expect(owner.page.getByTestId("results-status")).toHaveText("closed · unblinded");
  const chart = owner.page.getByRole("img", { name: "Diverging stacked bar chart of grades" });
  await expect(chart).toBeVisible();
  await expect(chart).toContainText(`${f.modelNames[1]} 1`);
  await expect(owner.page.getByTestId("chart-category")).toHaveCount(3);
  const pValues = owner.page.getByTestId("p-values");
  await expect(pValues.getByRole("row")).toHaveCount(1 + 3 * 2);
  await expect(pValues).toContainText(/\d\.\d{3}|e-/);
  await expect(owner.page.getByTestId("roi-table").getByRole("row")).toHaveCount(5);
  await owner.page.screenshot({ path: `${SHOTS}/results.png`, fullPage: true });
  const events = await db.surveyEvent.findMany({
    where: { surveyId: survey.id },
    select: { type: true },
    orderBy: { createdAt: "asc" },
  });
  expect(events.map((e) => e.type)).toEqual(["opened", "closed", "unblinded"]);
  expect(await db.surveyGrade.count({ where: { surveyId: survey.id } })).toBe(48);
});
