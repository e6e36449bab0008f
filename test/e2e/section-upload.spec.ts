import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";

const REAL_DATA = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/data/real");
const REAL_JPEG = join(REAL_DATA, "he_muscle_strange2014/Strange_2014_4a_low_res.jpg");

async function signInAsDemo(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("demo@myoscope.local");
  await page.getByLabel("Password").fill("myoscope-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);
}

test("the home page names Myoscope", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Myoscope" })).toBeVisible();
});

test("a signed-out visitor of /projects is sent to sign-in", async ({ page }) => {
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprojects/);
});

test("wrong credentials get a clear message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("demo@myoscope.local");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  // Next.js keeps an empty role=alert route announcer on every page; ours has text.
  await expect(
    page.getByRole("alert").filter({ hasText: "Wrong email or password." }),
  ).toBeVisible();
});

test("the demo user creates a project, adds a subject, uploads an image and sees its thumbnail job finish", async ({
  page,
}) => {
  await signInAsDemo(page);
  await expect(page.getByText("Desmin knock-out cohort (demo)")).toBeVisible();

  const name = `Soleus study ${Date.now()}`;
  await page.getByLabel("Project name").fill(name);
  await page.getByLabel("Description").fill("created by the end-to-end test");
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("link", { name: new RegExp(name) }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.getByLabel("Identifier").fill("WT-07");
  await page.getByLabel("Group").fill("WT");
  await page.getByRole("button", { name: "Add subject" }).click();
  await expect(page.getByRole("cell", { name: "WT-07" })).toBeVisible();

  await page.getByLabel("Pixel size (µm/px)").fill("1.2");
  await page.getByLabel("Preparation").selectOption("ffpe");
  await page.getByLabel("Image file").setInputFiles(REAL_JPEG);
  await page.getByRole("button", { name: "Upload" }).click();

  await expect(page.getByRole("progressbar", { name: "Processing progress" })).toBeVisible();
  await expect(page.getByTestId("upload-job")).toContainText("succeeded", { timeout: 30_000 });
  const thumbnail = page.getByRole("img", { name: /Thumbnail of Strange_2014_4a_low_res\.jpg/ });
  await expect(thumbnail).toBeVisible();
  await expect
    .poll(() =>
      thumbnail.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    )
    .toBe(423);
  await expect(page.getByTestId("section-item")).toContainText("423×330 px");
  await page.screenshot({ path: "test-results/project-with-section.png", fullPage: true });

  await page.getByRole("link", { name: "Jobs" }).click();
  const row = page.getByTestId("job-row").first();
  await expect(row).toContainText("section.thumbnail");
  await expect(row).toContainText("succeeded");
  await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await page.screenshot({ path: "test-results/jobs.png", fullPage: true });
});

test("uploading a file that is not an image shows a clear error and adds no section", async ({
  page,
}) => {
  await signInAsDemo(page);
  await page.getByRole("link", { name: /Desmin knock-out cohort/ }).click();
  const sectionsBefore = await page.getByTestId("section-item").count();
  await page.getByLabel("Pixel size (µm/px)").fill("0.65");
  await page.getByLabel("Image file").setInputFiles({
    name: "notes.png",
    mimeType: "image/png",
    buffer: Buffer.from("these are lab notes, not a PNG"),
  });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: "the file is not a readable image or slide; upload SVS, NDPI" }),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 2, name: "Sections" })).toBeVisible();
  await expect(page.getByTestId("section-item")).toHaveCount(sectionsBefore);
});

test("a new user signs up and lands on an empty project list", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Rita Rater");
  await page.getByLabel("Email").fill(`rita-${Date.now()}@elsewhere.test`);
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Lab or institution").fill("Elsewhere Institute");
  await page.getByRole("button", { name: "Create account" }).click();
  // The browser's own minLength check keeps the form from submitting a short password.
  await expect(page).toHaveURL(/\/sign-up/);
  await page.getByLabel("Password").fill("long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByText("No projects yet.")).toBeVisible();
  await expect(page.getByLabel("Organization")).toContainText("Elsewhere Institute");
});
