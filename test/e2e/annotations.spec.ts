import { mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";

const SHOTS = "/tmp/annotations-web";
const HERE = dirname(fileURLToPath(import.meta.url));
/** Strange 2014 H&E, 1152×908 px; at 0.66 µm/px a 760×600 µm section that holds a 400 µm ROI. */
const SECTION_TIFF = resolve(
  HERE,
  "../../../shared/data/real/he_muscle_strange2014/Strange_2014_4a_high_res.tif",
);
const IMAGE = { width: 1152, height: 908 };
const PIXEL_SIZE_UM = 0.66;
const PASSWORD = "annotate-me-123";
mkdirSync(SHOTS, { recursive: true });

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);
}

/** A new account in its own browser context, which then accepts its invitation. */
async function signUpAndAccept(browser: Browser, name: string, email: string, projectName: string) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
  const page = await context.newPage();
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Lab or institution").fill(`${name}'s lab`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  const invitation = page.getByRole("listitem").filter({ hasText: projectName });
  await invitation.getByRole("button", { name: "Accept" }).click();
  await expect(page.getByRole("link", { name: new RegExp(projectName) })).toBeVisible();
  return page;
}

/** Screen position of a level-0 pixel while the whole section is fitted in the map (padding 16). */
async function pixelOnScreen(map: Locator, [x, y]: [number, number]): Promise<[number, number]> {
  const box = await map.boundingBox();
  if (!box) throw new Error("map not visible");
  const scale = Math.min((box.width - 32) / IMAGE.width, (box.height - 32) / IMAGE.height);
  return [
    box.x + box.width / 2 + (x - IMAGE.width / 2) * scale,
    box.y + box.height / 2 + (y - IMAGE.height / 2) * scale,
  ];
}

async function clickPixel(page: Page, map: Locator, pixel: [number, number], modifiers?: "Shift") {
  const [sx, sy] = await pixelOnScreen(map, pixel);
  if (modifiers) await page.keyboard.down(modifiers);
  await page.mouse.click(sx, sy);
  if (modifiers) await page.keyboard.up(modifiers);
}

/**
 * Selects by a click on the map. OpenLayers reports a click only after its
 * double-click window (250 ms), and two clicks inside it are a double click
 * (zoom), so each selecting click waits that window out.
 */
async function selectAt(page: Page, map: Locator, pixel: [number, number], count: number) {
  await clickPixel(page, map, pixel, count > 1 ? "Shift" : undefined);
  await expect(page.getByTestId("selection-count")).toHaveText(`${count} selected`);
  await page.waitForTimeout(300);
}

async function openViewer(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId("annotation-tools")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("annotation-count")).not.toHaveText("loading…");
}

function items(page: Page) {
  return page.getByTestId("annotation-item");
}

interface Exported {
  features: {
    geometry: { coordinates: number[][][] };
    properties: { classification: { name: string }; myoscope: { kind: string; label: string } };
  }[];
}

function comparable(collection: Exported) {
  return collection.features
    .map((f) => ({
      geometry: f.geometry,
      className: f.properties.classification.name,
      kind: f.properties.myoscope.kind,
      label: f.properties.myoscope.label,
    }))
    .sort((a, b) => a.className.localeCompare(b.className));
}

test("annotators draw a 400 µm ROI and a region that others see live; viewers cannot edit; GeoJSON round trip", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1360, height: 1000 });
  const stamp = Date.now();
  const projectName = `Annotation study ${stamp}`;
  const annotatorEmail = `annotator-${stamp}@myoscope.test`;
  const viewerEmail = `viewer-${stamp}@myoscope.test`;

  // The demo user (owner) creates a project with one real section and invites two people.
  await signIn(page, "demo@myoscope.local", "myoscope-demo");
  await page.getByLabel("Project name").fill(projectName);
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("link", { name: new RegExp(projectName) }).click();
  await expect(page.getByRole("heading", { level: 1, name: projectName })).toBeVisible();
  const projectUrl = page.url();
  await page.getByLabel("Identifier").fill("WT-21");
  await page.getByRole("button", { name: "Add subject" }).click();
  await expect(page.getByRole("cell", { name: "WT-21" })).toBeVisible();
  await page.getByLabel("Pixel size (µm/px)").fill(String(PIXEL_SIZE_UM));
  await page.getByLabel("Image file").setInputFiles(SECTION_TIFF);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("upload-job")).toContainText("succeeded", { timeout: 60_000 });
  const sectionLink = page.getByRole("link", { name: "Strange_2014_4a_high_res.tif" });
  const viewerUrl = (await sectionLink.getAttribute("href")) ?? "";
  expect(viewerUrl).toMatch(/^\/projects\/[^/]+\/sections\/[^/]+$/);
  const [, projectId, sectionId] = /^\/projects\/([^/]+)\/sections\/([^/]+)$/.exec(viewerUrl) ?? [];

  await page.goto(`${projectUrl}/members`);
  for (const [email, role] of [
    [annotatorEmail, "annotator"],
    [viewerEmail, "viewer"],
  ] as const) {
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption(role);
    await page.getByRole("button", { name: "Create invitation" }).click();
    await expect(page.getByText("Invitation created.")).toBeVisible();
  }

  // The owner watches the section; the annotator signs up in a second browser context.
  await openViewer(page, viewerUrl);
  await expect(items(page)).toHaveCount(0);
  const annotator = await signUpAndAccept(browser, "Ann Otator", annotatorEmail, projectName);
  await openViewer(annotator, viewerUrl);
  const map = annotator.getByTestId("section-map");

  // A 400×400 µm square ROI placed by one click …
  const toolbar = annotator.getByRole("toolbar", { name: "Annotation tools" });
  await toolbar.getByLabel("Annotation class").selectOption("roi");
  await toolbar.getByLabel("ROI name").fill("ROI 1");
  await toolbar.getByRole("button", { name: "Square ROI" }).click();
  await expect(toolbar.getByLabel("ROI size (µm)")).toHaveValue("400");
  await clickPixel(annotator, map, [330, 454]);
  await expect(items(annotator)).toHaveCount(1);
  await expect(items(annotator).first()).toContainText("ROI 1");
  await expect(items(annotator).first()).toContainText("0.160 mm²");

  // … and an M. soleus region drawn as a polygon (closed by clicking its first corner).
  await toolbar.getByLabel("Annotation class").selectOption("region");
  await toolbar.getByLabel("Region name").fill("M. soleus");
  await toolbar.getByRole("button", { name: "Polygon", exact: true }).click();
  const corners: [number, number][] = [
    [750, 200],
    [1050, 200],
    [1050, 700],
    [750, 700],
  ];
  for (const corner of corners) await clickPixel(annotator, map, corner);
  await clickPixel(annotator, map, corners[0] as [number, number]);
  await expect(items(annotator)).toHaveCount(2);
  await expect(items(annotator).filter({ hasText: "M. soleus" })).toBeVisible();
  await annotator.screenshot({ path: `${SHOTS}/annotator.png`, fullPage: true });

  // The owner's page shows both within a poll or two, without reloading.
  await expect(items(page)).toHaveCount(2, { timeout: 10_000 });
  await expect(items(page).filter({ hasText: "M. soleus" })).toContainText("Ann Otator");
  await expect(items(page).filter({ hasText: "ROI 1" })).toContainText("0.160 mm²");
  await page.screenshot({ path: `${SHOTS}/owner-live.png`, fullPage: true });

  // A viewer sees them, gets no tools, and the server refuses a direct create.
  const viewer = await signUpAndAccept(browser, "Vi Ewer", viewerEmail, projectName);
  await openViewer(viewer, viewerUrl);
  await expect(items(viewer)).toHaveCount(2);
  await expect(viewer.getByRole("toolbar", { name: "Annotation tools" })).toHaveCount(0);
  await expect(viewer.getByTestId("annotations-read-only")).toBeVisible();
  await expect(viewer.getByLabel("Import GeoJSON")).toHaveCount(0);
  const refused = await viewer.request.post("/api/trpc/annotation.create", {
    data: {
      json: {
        projectId,
        sectionId,
        kind: "roi",
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [0, 0],
              [10, 0],
              [10, 10],
              [0, 0],
            ],
          ],
        },
      },
    },
  });
  expect(refused.status()).toBe(403);
  expect(JSON.stringify(await refused.json())).toContain("needs the annotator role or higher");
  await viewer.screenshot({ path: `${SHOTS}/viewer.png`, fullPage: true });

  // GeoJSON round trip: export, delete both, import the file, same geometry and classes.
  const downloading = annotator.waitForEvent("download");
  await annotator.getByRole("link", { name: "Export GeoJSON" }).click();
  const download = await downloading;
  const file = (await download.path()) ?? "";
  const exported = JSON.parse(readFileSync(file, "utf8")) as Exported;
  expect(comparable(exported).map((f) => [f.className, f.kind, f.label])).toEqual([
    ["M. soleus", "region", "M. soleus"],
    ["ROI", "roi", "ROI 1"],
  ]);
  const [roi] = exported.features.filter((f) => f.properties.myoscope.kind === "roi");
  const xs = roi?.geometry.coordinates[0]?.map(([x]) => x ?? 0) ?? [];
  expect((Math.max(...xs) - Math.min(...xs)) * PIXEL_SIZE_UM).toBeCloseTo(400, 6);

  await toolbar.getByRole("button", { name: "Select", exact: true }).click();
  await selectAt(annotator, map, [330, 454], 1);
  await selectAt(annotator, map, [900, 450], 2);
  await toolbar.getByRole("button", { name: "Delete selected" }).click();
  await expect(items(annotator)).toHaveCount(0);
  await expect(items(page)).toHaveCount(0, { timeout: 10_000 });

  // Undo brings the last deleted one back; delete it again for a clean import.
  await annotator.keyboard.press("Control+z");
  await expect(items(annotator)).toHaveCount(1);
  await toolbar.getByRole("button", { name: "Undo", exact: true }).click();
  await expect(items(annotator)).toHaveCount(2);
  await selectAt(annotator, map, [330, 454], 1);
  await selectAt(annotator, map, [900, 450], 2);
  await annotator.keyboard.press("Delete");
  await expect(items(annotator)).toHaveCount(0);

  await annotator.getByLabel("Import GeoJSON").setInputFiles(file);
  await expect(annotator.getByText(/Imported 2 annotations/)).toBeVisible();
  await expect(items(annotator)).toHaveCount(2);
  await expect(items(page)).toHaveCount(2, { timeout: 10_000 });
  const again = await annotator.request.get(
    `/api/projects/${projectId}/sections/${sectionId}/annotations.geojson`,
  );
  expect(again.status()).toBe(200);
  expect(comparable((await again.json()) as Exported)).toEqual(comparable(exported));
  await annotator.screenshot({ path: `${SHOTS}/round-trip.png`, fullPage: true });

  // A Fiji ROI (an ImageJ rectangle, 100–300 px) imports as an ROI annotation.
  const roiBytes = Buffer.alloc(64);
  roiBytes.write("Iout", 0, "latin1");
  roiBytes.writeInt16BE(228, 4);
  roiBytes.writeUInt8(1, 6);
  for (const offset of [8, 10]) roiBytes.writeInt16BE(100, offset);
  for (const offset of [12, 14]) roiBytes.writeInt16BE(300, offset);
  await annotator.getByLabel("Kind of imported ImageJ ROIs").selectOption("roi");
  await annotator
    .getByLabel("Import ImageJ ROIs")
    .setInputFiles({ name: "square.roi", mimeType: "application/octet-stream", buffer: roiBytes });
  await expect(annotator.getByText("Imported 1 ROI from square.roi.")).toBeVisible();
  await expect(items(annotator)).toHaveCount(3);

  // Members of other projects cannot read the export at all.
  const outsider = await viewer.request.get(
    `/api/projects/${projectId}x/sections/${sectionId}/annotations.geojson`,
  );
  expect(outsider.status()).toBe(404);
});
