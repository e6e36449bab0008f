import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Locator, type Page, test } from "@playwright/test";

const SHOTS = "/tmp/viewer-e2e";
const HERE = dirname(fileURLToPath(import.meta.url));
const REAL_DATA = resolve(HERE, "../../../shared/data/real");
/** wcchu H&E tile, 1002×1002 px at 0.2774 µm/px. */
const WCCHU_TIFF = resolve(REAL_DATA, "he_muscle_wcchu/images/sample_img_02.tif");
const TINY_MODEL = resolve(HERE, "../fixtures/models/tiny-unet.onnx");
mkdirSync(SHOTS, { recursive: true });

async function signInAsDemo(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("demo@myoscope.local");
  await page.getByLabel("Password").fill("myoscope-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);
}

function projectTab(page: Page, name: string): Locator {
  return page.getByRole("navigation", { name: "Project" }).getByRole("link", { name });
}

/** Share of the map's canvas pixels that are neither transparent nor the empty background. */
async function paintedFraction(map: Locator, layerClass: string): Promise<number> {
  return map.evaluate((element, className) => {
    // Typed structurally: the root tsconfig has no DOM library.
    const canvas = element.querySelector(`.${className} canvas`) as unknown as {
      width: number;
      height: number;
      getContext(kind: "2d"): {
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      } | null;
    } | null;
    const context = canvas?.getContext("2d");
    if (!canvas || !context || canvas.width === 0) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 0; i < data.length; i += 4 * 16) if ((data[i + 3] as number) > 0) painted++;
    return painted / (data.length / (4 * 16));
  }, layerClass);
}

async function readResolution(map: Locator): Promise<number> {
  return Number(await map.getAttribute("data-resolution"));
}

test("a section opens in the viewer with tiles, keyboard zoom, a MinFeret overlay and a clickable fiber", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await signInAsDemo(page);

  // A project with one real section, segmented with the tiny fixture model.
  const name = `Viewer study ${Date.now()}`;
  await page.getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("link", { name: new RegExp(name) }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const projectUrl = page.url();
  await page.getByLabel("Identifier").fill("WT-21");
  await page.getByRole("button", { name: "Add subject" }).click();
  await expect(page.getByRole("cell", { name: "WT-21" })).toBeVisible();
  await page.getByLabel("Pixel size (µm/px)").fill("0.2774");
  await page.getByLabel("Image file").setInputFiles(WCCHU_TIFF);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("upload-job")).toContainText("succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("section-item")).toContainText("1002×1002 px");

  await projectTab(page, "Models").click();
  const upload = page.getByRole("form", { name: "Upload model" });
  await upload.getByLabel("Model file (.onnx)").setInputFiles(TINY_MODEL);
  await upload.getByRole("button", { name: "Upload model" }).click();
  await expect(upload.getByText('Registered "tiny-unet".')).toBeVisible();
  const row = page.getByTestId("model-row").filter({ hasText: "tiny-unet" });
  // A fresh project's default is the shipped model: wait for the new row, then switch.
  await row.getByRole("button", { name: "Make default" }).click();
  await expect(row.getByText("default", { exact: true })).toBeVisible();
  await projectTab(page, "Segmentation").click();
  const launcher = page.getByRole("form", { name: "New segmentation" });
  await launcher.getByLabel("Segment sample_img_02.tif").check();
  await launcher.getByRole("button", { name: "Segment 1 section" }).click();
  const runRow = page.getByTestId("segmentation-run-row").filter({ hasText: "sample_img_02.tif" });
  await expect(runRow.getByTestId("run-status")).toHaveText("succeeded", { timeout: 150_000 });

  // The section list links to the viewer; tiles load and paint the canvas.
  await page.goto(projectUrl);
  await page.getByTestId("section-item").getByRole("link", { name: "sample_img_02.tif" }).click();
  await expect(page).toHaveURL(/\/sections\/[^/?]+/);
  const map = page.getByTestId("section-map");
  await expect(page.getByRole("heading", { name: "sample_img_02.tif" })).toBeVisible();
  await expect.poll(() => paintedFraction(map, "base"), { timeout: 30_000 }).toBeGreaterThan(0.5);
  // OpenLayers writes the Greek mu (U+03BC), the app the micro sign (U+00B5).
  await expect(map.locator(".ol-scale-bar")).toContainText(/[µμ]m/);
  await expect(map.locator(".ol-overviewmap")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/viewer-fit.png` });

  // Keyboard: + zooms in, arrows pan, 0 fits the section again.
  await expect.poll(() => readResolution(map)).toBeGreaterThan(0);
  const fitted = await readResolution(map);
  await map.focus();
  await page.keyboard.press("+");
  await expect.poll(() => readResolution(map)).toBeLessThan(fitted * 0.6);
  await page.keyboard.press("+");
  await expect.poll(() => readResolution(map)).toBeLessThan(fitted * 0.3);
  await page.keyboard.press("ArrowRight");
  await page.mouse.move(700, 400);
  await expect(page.getByTestId("mouse-position")).toContainText("µm");
  await page.screenshot({ path: `${SHOTS}/viewer-zoomed.png` });
  await page.keyboard.press("0");
  await expect.poll(() => readResolution(map)).toBeCloseTo(fitted, 6);

  // Overlay: MinFeret fills on the project's scale, with a legend.
  await page.getByLabel("Show overlay").check();
  await expect(page.getByLabel("Overlay", { exact: true })).toHaveValue("feature");
  const legend = page.getByTestId("overlay-legend");
  await expect(legend).toContainText("MinFeret (µm)");
  await expect(legend).toContainText("2nd–98th percentile");
  await expect
    .poll(() => paintedFraction(map, "overlay"), { timeout: 30_000 })
    .toBeGreaterThan(0.2);
  await expect(page).toHaveURL(/run=[^&]+&overlay=feature&feature=minFeretUm/);
  await page.screenshot({ path: `${SHOTS}/viewer-overlay-feature.png` });

  // Click fibers around the centre until one is hit; its MinFeret shows in the panel.
  const box = await map.boundingBox();
  if (!box) throw new Error("map has no box");
  const panel = page.getByTestId("fiber-panel");
  for (const [dx, dy] of [
    [0, 0],
    [40, 0],
    [0, 40],
    [-40, 0],
    [0, -40],
    [80, 80],
    [-80, -80],
    [120, -60],
  ] as const) {
    const answered = page.waitForResponse((response) =>
      response.url().includes("segmentation.fiberAt"),
    );
    await page.mouse.click(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy);
    await answered;
    // The panel renders on the next React commit after the answer.
    await page.waitForTimeout(200);
    if (await panel.isVisible()) break;
  }
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("heading", { name: /Fiber #\d+/ })).toBeVisible();
  await expect(panel.getByTestId("fiber-MinFeret")).toHaveText(/^\d+(\.\d+)? µm$/);
  await page.screenshot({ path: `${SHOTS}/viewer-fiber.png` });

  // Other modes: outlines and the abnormal-fiber highlight from a deep link.
  await page.getByLabel("Overlay", { exact: true }).selectOption("contour");
  await expect(legend).toContainText("fiber outline");
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${SHOTS}/viewer-overlay-contour.png` });
  const runId = new URL(page.url()).searchParams.get("run");
  await page.goto(
    `${page.url().split("?")[0]}?run=${runId}&overlay=abnormal&feature=minFeretUm&lo=8&hi=14&x=250&y=250&w=500&h=500`,
  );
  await expect(page.getByTestId("overlay-legend")).toContainText("small: MinFeret < 8 µm");
  await expect(page.getByTestId("overlay-legend")).toContainText("large: MinFeret > 14 µm");
  // The 500-px square fills the view: about half the section's width shows.
  await expect.poll(() => readResolution(map)).toBeLessThan(fitted * 0.75);
  await expect
    .poll(() => paintedFraction(map, "overlay"), { timeout: 30_000 })
    .toBeGreaterThan(0.2);
  // Let the tiles' fade-in finish before the picture.
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${SHOTS}/viewer-overlay-abnormal.png` });

  // Extract the part in view at the paper's 0.66 µm/px as a new section.
  const extract = page.getByTestId("extract-card");
  await expect(extract.getByLabel("Pixel size (µm/px)")).toHaveValue("0.66");
  await extract.getByLabel("Only the part in view").check();
  await extract.getByLabel("Name (optional)").fill("Zoomed at 0.66");
  await extract.getByRole("button", { name: "Extract as a new section" }).click();
  await expect(extract.getByRole("status")).toContainText("Zoomed at 0.66 is being made");
  await page.screenshot({ path: `${SHOTS}/viewer-extract.png` });
  await page.goto(projectUrl);
  const extracted = page.getByTestId("section-item").filter({ hasText: "Zoomed at 0.66" });
  await expect(extracted).toContainText(/\d+×\d+ px/, { timeout: 120_000 });
  const [, width, height] = /(\d+)×(\d+) px/.exec((await extracted.textContent()) ?? "") ?? [];
  // Part of the 1002-px section, resampled by 0.2774 / 0.66: under the whole image's 421 px.
  expect(Number(width)).toBeGreaterThan(150);
  expect(Number(width)).toBeLessThanOrEqual(421);
  expect(Number(height)).toBeGreaterThan(150);
  expect(Number(height)).toBeLessThan(421);
});
