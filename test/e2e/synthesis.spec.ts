import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Locator, type Page, test } from "@playwright/test";

const SHOTS = "/tmp/synth-web";
const REAL_DATA = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/data/real");
mkdirSync(SHOTS, { recursive: true });

async function signInAsDemo(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("demo@myoscope.local");
  await page.getByLabel("Password").fill("myoscope-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);
}

async function openDemoSynthesis(page: Page) {
  await signInAsDemo(page);
  await page.getByRole("link", { name: /Desmin knock-out cohort/ }).click();
  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Synthesis" })
    .click();
  await expect(page).toHaveURL(/\/projects\/[^/]+\/synthesis$/);
}

async function naturalWidth(image: Locator): Promise<number> {
  return image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
}

/** Fills the launch form and waits until the run's row reports success. */
async function launchRun(page: Page, input: { name: string; count: number; size: number }) {
  const form = page.getByRole("form", { name: "Launch a synthesis run" });
  await expect(form).toBeVisible();
  await form.getByLabel("Name", { exact: true }).fill(input.name);
  await form.getByLabel("Images").fill(String(input.count));
  await form.getByLabel("Size (px)").selectOption(String(input.size));
  await form.getByRole("button", { name: "Launch run" }).click();
  const row = page.getByTestId("synthesis-run-row").filter({ hasText: input.name });
  await expect(row).toBeVisible();
  return row;
}

test("the demo user tunes the generator with a live preview, launches a run and inspects it", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1360, height: 1000 });
  await openDemoSynthesis(page);

  const preview = page.getByTestId("synthesis-preview-image");
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => naturalWidth(preview)).toBe(320);
  const firstRender = await preview.getAttribute("src");
  await expect(page.getByTestId("synthesis-preview-facts")).toContainText("Fibers in crop");
  await page.screenshot({ path: `${SHOTS}/synthesis-page.png`, fullPage: true });

  // Smaller fibers: the preview re-renders with a diameter drawn from the new range.
  await page.getByLabel("Fiber diameter minimum").fill("20");
  await page.getByLabel("Fiber diameter maximum").fill("24");
  await expect(page.getByTestId("param-fiberDiameterUm")).toContainText("preset 32–52");
  await expect.poll(() => preview.getAttribute("src"), { timeout: 30_000 }).not.toBe(firstRender);
  await expect(page.getByTestId("synthesis-preview-facts")).toContainText(
    /Sampled fiber diameter\s*2[0-4](\.\d+)? µm/,
  );
  const smallFibers = await preview.getAttribute("src");

  await page.getByLabel("Mask overlay").check();
  const mask = page.getByTestId("synthesis-preview-mask");
  await expect(mask).toBeVisible();
  await expect.poll(() => naturalWidth(mask)).toBe(320);
  await page.screenshot({ path: `${SHOTS}/synthesis-preview-mask.png`, fullPage: true });
  await page.getByLabel("Mask overlay").uncheck();

  await page.getByRole("button", { name: "Shuffle seed" }).click();
  await expect.poll(() => preview.getAttribute("src"), { timeout: 30_000 }).not.toBe(smallFibers);

  const name = `e2e small fibers ${Date.now()}`;
  const row = await launchRun(page, { name, count: 2, size: 256 });
  await expect(row.getByRole("progressbar")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/synthesis-run-progress.png`, fullPage: true });
  await expect(row).toContainText("succeeded", { timeout: 120_000 });
  await expect(row).toContainText(/\d+ fibers · mean Ø [\d.]+ µm/);

  await row.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(name) })).toBeVisible();
  await expect(page.getByTestId("diameter-histogram")).toBeVisible();
  await expect(page.getByTestId("diameter-histogram")).toContainText(
    "Equivalent-circle diameter (µm)",
  );
  await expect(page.getByText("Changed parameter")).toBeVisible();
  await expect(page.getByText("The CLI takes presets only")).toBeVisible();
  const items = page.getByTestId("gallery-item");
  await expect(items).toHaveCount(2);
  await expect.poll(() => naturalWidth(items.first().getByRole("img"))).toBe(256);
  await page.screenshot({ path: `${SHOTS}/synthesis-run.png`, fullPage: true });

  await items.first().click();
  const viewer = page.getByRole("dialog");
  await expect(viewer).toBeVisible();
  await expect.poll(() => naturalWidth(viewer.getByRole("img").first())).toBe(256);
  await viewer.getByLabel("Mask overlay").check();
  const canvas = page.getByTestId("mask-overlay-canvas");
  await expect(canvas).toHaveAttribute("data-state", "ready");
  await expect(canvas).toBeVisible();
  // The overlay colours fibers and boundaries, so some pixels are opaque.
  const coloured = await canvas.evaluate((element) => {
    const c = element as unknown as {
      width: number;
      height: number;
      getContext(kind: "2d"): { getImageData(...a: number[]): { data: Uint8ClampedArray } };
    };
    const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let count = 0;
    for (let o = 3; o < data.length; o += 4) if ((data[o] ?? 0) > 0) count++;
    return count / (c.width * c.height);
  });
  expect(coloured).toBeGreaterThan(0.3);
  await page.screenshot({ path: `${SHOTS}/synthesis-viewer-mask.png` });
  await viewer.getByRole("button", { name: "Next →" }).click();
  await expect(viewer).toContainText("2 / 2");
  await page.keyboard.press("Escape");
  await expect(viewer).toBeHidden();

  await page.getByRole("link", { name: "Compare with real sections" }).click();
  await expect(page).toHaveURL(/\/synthesis\/compare\?runs=/);
  await expect(page.getByRole("checkbox", { name: new RegExp(name) })).toBeChecked();
});

test("the comparison view embeds patches of a synthetic run and of real sections together", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1360, height: 1000 });
  await signInAsDemo(page);
  await page.getByRole("link", { name: /Desmin knock-out cohort/ }).click();
  // Two real FFPE fields with their pixel sizes from the shared data's MANIFESTs.
  for (const [file, pixelSize] of [
    ["he_muscle_strange2014/Strange_2014_4a_high_res.tif", "1.033"],
    ["he_muscle_wcchu/images/sample_img_02.tif", "0.2765"],
  ] as const) {
    await page.getByLabel("Pixel size (µm/px)").fill(pixelSize);
    await page.getByLabel("Preparation").selectOption("ffpe");
    await page.getByLabel("Image file").setInputFiles(join(REAL_DATA, file));
    await page.getByRole("button", { name: "Upload" }).click();
    await expect(page.getByTestId("upload-job")).toContainText("succeeded", { timeout: 60_000 });
  }

  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Synthesis" })
    .click();
  await expect(page).toHaveURL(/\/synthesis$/);
  const name = `e2e compare ${Date.now()}`;
  const row = await launchRun(page, { name, count: 4, size: 512 });
  await expect(row).toContainText("succeeded", { timeout: 120_000 });
  await row.getByRole("link", { name }).click();
  await page.getByRole("link", { name: "Compare with real sections" }).click();
  await expect(page.getByText(/[1-9]\d* ready sections?/)).toBeVisible();
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page.getByTestId("comparison-scatter")).toBeVisible({ timeout: 90_000 });
  const legend = page.getByTestId("comparison-legend");
  await expect(legend).toContainText(`${name} (synthetic)`);
  await expect(legend).toContainText("Real sections (FFPE)");
  await expect(page.getByText(/% of real patches lie within the synthetic data/)).toBeVisible();
  await expect(page.getByTestId("comparison-features")).toContainText("Ruifrok");
  await expect(page.getByTestId("comparison-features")).toContainText("UMAP (umap-js");
  const scatter = page.getByTestId("comparison-scatter");
  await expect(scatter.locator("circle[data-dataset='0']").first()).toBeVisible();
  await expect(scatter.locator("circle[data-dataset='1']").first()).toBeVisible();
  // Real patches are drawn last, so the last circle is on top and hoverable.
  await scatter.locator("circle").last().hover();
  await expect(page.getByTestId("comparison-tooltip")).toContainText("Real sections (FFPE)");
  await page.screenshot({ path: `${SHOTS}/synthesis-compare.png`, fullPage: true });
});

test("a run from an unchanged preset shows the CLI line that reproduces it", async ({ page }) => {
  test.setTimeout(120_000);
  await openDemoSynthesis(page);
  await page.getByRole("radio", { name: /he-cryo/ }).check();
  await expect(page.getByTestId("synthesis-preview-image")).toBeVisible({ timeout: 30_000 });
  const name = `e2e cryo ${Date.now()}`;
  const row = await launchRun(page, { name, count: 1, size: 256 });
  await expect(row).toContainText("succeeded", { timeout: 90_000 });
  await row.getByRole("link", { name }).click();
  await expect(page.getByTestId("reproduce-command")).toHaveText(
    /^npx myoscope synth --preset he-cryo --count 1 --size 256 --seed 42 --out \.\/e2e-cryo-\d+$/,
  );
});

test("synthetic image files are served to project members only", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await openDemoSynthesis(page);
  const demoProject = /\/projects\/([^/]+)\/synthesis/.exec(page.url())?.[1] ?? "";
  const name = `e2e private ${Date.now()}`;
  const row = await launchRun(page, { name, count: 1, size: 256 });
  await expect(row).toContainText("succeeded", { timeout: 90_000 });
  await row.getByRole("link", { name }).click();
  const thumbnail = page.getByTestId("gallery-item").first().getByRole("img");
  const src = (await thumbnail.getAttribute("src")) ?? "";
  const imageId = /synthesis-images\/([^/]+)\/thumbnail$/.exec(src)?.[1] ?? "";
  expect(imageId).not.toBe("");
  const own = await page.request.get(
    `/api/projects/${demoProject}/synthesis-images/${imageId}/image`,
  );
  expect(own.status()).toBe(200);
  expect(own.headers()["content-type"]).toBe("image/png");
  expect(
    (
      await page.request.get(`/api/projects/${demoProject}/synthesis-images/${imageId}/secrets`)
    ).status(),
  ).toBe(404);

  const anonymous = await browser.newContext();
  const anonymousResponse = await anonymous.request.get(
    `${new URL(page.url()).origin}/api/projects/${demoProject}/synthesis-images/${imageId}/image`,
  );
  expect(anonymousResponse.status()).toBe(401);
  await anonymous.close();

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(`${new URL(page.url()).origin}/sign-up`);
  await strangerPage.getByLabel("Name").fill("Outside Researcher");
  await strangerPage.getByLabel("Email").fill(`outsider-${Date.now()}@elsewhere.test`);
  await strangerPage.getByLabel("Password").fill("long enough password");
  await strangerPage.getByLabel("Lab or institution").fill("Elsewhere Institute");
  await strangerPage.getByRole("button", { name: "Create account" }).click();
  await expect(strangerPage).toHaveURL(/\/projects$/);
  await strangerPage.getByLabel("Project name").fill("Outsider project");
  await strangerPage.getByRole("button", { name: "Create project" }).click();
  await strangerPage.getByRole("link", { name: /Outsider project/ }).click();
  await expect(strangerPage).toHaveURL(/\/projects\/[^/]+$/);
  const strangerProject = /\/projects\/([^/]+)$/.exec(strangerPage.url())?.[1] ?? "";
  for (const project of [demoProject, strangerProject]) {
    for (const kind of ["image", "labels", "classes", "thumbnail"]) {
      const response = await strangerPage.request.get(
        `/api/projects/${project}/synthesis-images/${imageId}/${kind}`,
      );
      expect(
        response.status(),
        `${kind} under ${project === demoProject ? "demo" : "own"} project`,
      ).toBe(404);
    }
  }
  await stranger.close();
});
