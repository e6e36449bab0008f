import { mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Locator, type Page, test } from "@playwright/test";

const SHOTS = "/tmp/seg-web";
const HERE = dirname(fileURLToPath(import.meta.url));
const REAL_DATA = resolve(HERE, "../../../shared/data/real");
/** wcchu H&E tile, 1002×1002 px at 0.2774 µm/px, the image the tiny fixture model was fitted to. */
const WCCHU_TIFF = resolve(REAL_DATA, "he_muscle_wcchu/images/sample_img_02.tif");
const MODELS = resolve(HERE, "../fixtures/models");
mkdirSync(SHOTS, { recursive: true });

async function signInAsDemo(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("demo@myoscope.local");
  await page.getByLabel("Password").fill("myoscope-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);
}

async function naturalWidth(image: Locator): Promise<number> {
  return image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
}

function projectTab(page: Page, name: string): Locator {
  return page.getByRole("navigation", { name: "Project" }).getByRole("link", { name });
}

test("the demo user registers a model, segments a real section with it and reads the results", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1360, height: 1000 });
  await signInAsDemo(page);

  // A fresh project with one subject and one real H&E section.
  const name = `Segmentation study ${Date.now()}`;
  await page.getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("link", { name: new RegExp(name) }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByLabel("Identifier").fill("WT-11");
  await page.getByRole("button", { name: "Add subject" }).click();
  await expect(page.getByRole("cell", { name: "WT-11" })).toBeVisible();
  await page.getByLabel("Pixel size (µm/px)").fill("0.2774");
  await page.getByLabel("Preparation").selectOption("ffpe");
  await page.getByLabel("Image file").setInputFiles(WCCHU_TIFF);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("upload-job")).toContainText("succeeded", { timeout: 30_000 });
  await expect(page.getByTestId("section-item")).toContainText("1002×1002 px");

  // Models: a model with a 1-channel input is refused with its reason; the tiny U-Net is accepted.
  await projectTab(page, "Models").click();
  await expect(page).toHaveURL(/\/models$/);
  const upload = page.getByRole("form", { name: "Upload model" });
  await upload.getByLabel("Model file (.onnx)").setInputFiles(resolve(MODELS, "bad-channels.onnx"));
  await upload.getByRole("button", { name: "Upload model" }).click();
  await expect(
    upload.getByRole("alert").filter({
      hasText:
        'not a usable fiber segmentation model: input "input" must have 3 channels (NCHW), got shape [n, 1, h, w]',
    }),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/models-refused.png`, fullPage: true });
  await expect(page.getByTestId("model-row").filter({ hasText: "bad-channels" })).toHaveCount(0);

  await upload.getByLabel("Model file (.onnx)").setInputFiles(resolve(MODELS, "tiny-unet.onnx"));
  await upload.getByRole("button", { name: "Upload model" }).click();
  await expect(upload.getByText('Registered "tiny-unet".')).toBeVisible();
  const row = page.getByTestId("model-row").filter({ hasText: "tiny-unet" });
  await expect(row).toContainText("0.5548 µm/px");
  await expect(row).toContainText("background, fiber, boundary");
  // Without a shipped model in this checkout the upload is not yet the default: make it so.
  const makeDefault = row.getByRole("button", { name: "Make default" });
  if (await makeDefault.isVisible()) await makeDefault.click();
  await expect(row.getByText("default", { exact: true })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/models.png`, fullPage: true });

  // Segmentation: the default model is preselected; launch on the section and watch it finish.
  await projectTab(page, "Segmentation").click();
  await expect(page).toHaveURL(/\/segmentation$/);
  const launcher = page.getByRole("form", { name: "New segmentation" });
  await expect(launcher.getByLabel("Model")).toContainText("tiny-unet");
  await launcher.getByLabel("Segment sample_img_02.tif").check();
  await launcher.getByRole("button", { name: "Segment 1 section" }).click();
  await expect(launcher.getByText("Queued 1 run.")).toBeVisible();
  const runRow = page.getByTestId("segmentation-run-row").filter({ hasText: "sample_img_02.tif" });
  await expect(runRow).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/segmentation-launched.png`, fullPage: true });
  await expect(runRow.getByTestId("run-status")).toHaveText("succeeded", { timeout: 120_000 });
  await expect(runRow).toContainText("fibers");
  await page.screenshot({ path: `${SHOTS}/segmentation-runs.png`, fullPage: true });

  // Results: counts, the MinFeret histogram, the overlay picture and the fiber table.
  await runRow.getByRole("link", { name: "sample_img_02.tif" }).click();
  await expect(page).toHaveURL(/\/segmentation\/[^/]+$/);
  const count = page.getByTestId("count-post-processed");
  await expect(count).toBeVisible();
  const countText = (await count.locator("div").nth(1).textContent()) ?? "";
  const fiberCount = Number(countText.replace(/,/g, ""));
  expect(fiberCount).toBeGreaterThan(0);
  await expect(page.getByTestId("connective-tissue-fraction")).toContainText("%");
  await expect(page.getByTestId("mean-local-thickness")).toContainText("µm");
  const histogram = page.getByTestId("min-feret-histogram");
  await expect(histogram).toBeVisible();
  expect(await histogram.locator("rect").count()).toBeGreaterThan(0);
  const overlay = page.getByTestId("overlay-image");
  await expect.poll(() => naturalWidth(overlay)).toBe(1002);
  await expect.poll(() => naturalWidth(page.getByTestId("thickness-image"))).toBe(1002);
  await expect(page.getByTestId("fiber-row")).toHaveCount(Math.min(fiberCount, 200));
  // Sorting happens in Postgres; the rows arrive sorted by MinFeret, largest first.
  await page.getByRole("button", { name: "MinFeret (µm)" }).click();
  await expect(page.getByRole("columnheader", { name: /MinFeret/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  const minFerets = async () =>
    (await page.getByTestId("fiber-row").locator("td:nth-child(6)").allTextContents()).map((text) =>
      Number(text.replace(/,/g, "")),
    );
  await expect
    .poll(async () => {
      const values = await minFerets();
      return values.length > 1 && values.every((v, i) => i === 0 || (values[i - 1] ?? 0) >= v);
    })
    .toBe(true);
  await page.screenshot({ path: `${SHOTS}/segmentation-results.png`, fullPage: true });

  // CSV: every fiber, in the columns of `myoscope segment`.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download fibers CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^sample_img_02-[0-9a-f]{8}\.fibers\.csv$/);
  const csv = readFileSync((await download.path()) ?? "", "utf8");
  const lines = csv.trimEnd().split("\n");
  expect(lines[0]).toMatch(
    /^label,area_um2,perimeter_um,circularity,feret_um,min_feret_um,feret_angle,centroid_x,centroid_y,/,
  );
  expect(lines[0]).toMatch(/,in_muscle_mask,passes_shape_filter$/);
  expect(lines).toHaveLength(fiberCount + 1);
});
