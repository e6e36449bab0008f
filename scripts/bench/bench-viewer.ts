/**
 * @module bench-viewer
 * `npm run bench:viewer [-- --size 8192 --fibers 50000 --mpp 0.65]`
 *
 * How the section viewer copes with a whole section of 50,000+ fibers:
 *  1. builds a synthetic label image (Voronoi cells of a jittered grid, 1.5 px of
 *     endomysium between them) of `--size`² px with at least `--fibers` fibers and
 *     stores it as a 16-bit labels.png, as a segmentation run does;
 *  2. decodes it once into the raw raster the overlay route reads (timed), then renders
 *     overlay tiles through the route's renderer (feature fill and outlines, PNG
 *     encoded) over the deepest levels: tiles/s and ms per tile p50/p95;
 *  3. serves base and overlay tiles over HTTP to Debian's Chromium showing the viewer's
 *     own map (createSectionMap, bundled with esbuild) and records requestAnimationFrame
 *     deltas while panning (mouse drags and animated pans) and zooming (wheel and animated),
 *     without and with the overlay: frame time p50/p95.
 * On a shared 2-core machine read the figures as upper bounds.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  buildOverlayPalette,
  FIBER_FLAG_EXISTS,
  FIBER_FLAG_IN_MUSCLE,
  FIBER_FLAG_PASSES_SHAPE,
  packRgba,
} from "@myoscope/core/viewer/build-overlay-palette";
import { createColorScale } from "@myoscope/core/viewer/color-scale";
import { getDeepZoomMaxLevel, getTileRange } from "@myoscope/core/viewer/deep-zoom-grid";
import { createLocalStorage } from "@myoscope/storage/local-storage";
import { getRawRaster } from "@myoscope/web/server/viewer/raw-raster";
import {
  encodeTilePng,
  getEmptyTilePng,
  renderLabelOverlayTile,
} from "@myoscope/web/server/viewer/render-overlay-tile";
import { encodeGrayPng } from "@myoscope/worker/synthesis/encode-gray-png";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import sharp from "sharp";
import { REPO_ROOT } from "../lib/paths.ts";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "8192" },
    fibers: { type: "string", default: "50000" },
    mpp: { type: "string", default: "0.65" },
  },
});
const size = Number(values.size);
const minFibers = Number(values.fibers);
const mpp = Number(values.mpp);
if (!(size >= 512) || !(minFibers >= 1) || !(mpp > 0)) {
  throw new RangeError(
    `expected --size ≥ 512, --fibers ≥ 1, --mpp > 0, got ${JSON.stringify(values)}`,
  );
}

/** What viewer-bench-entry.ts puts on the page's window. */
interface BenchViewer {
  setOverlay(isOn: boolean): void;
  waitForIdle(): Promise<void>;
  animate(steps: { zoomBy?: number; panBy?: [number, number]; duration: number }[]): Promise<void>;
  startRecording(): void;
  stopRecording(): number[];
  fit(): void;
}
// page.evaluate sends a callback's source to the page, so callbacks cast globalThis inline.
type BenchScope = { benchViewer: BenchViewer };

function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return (
    (sorted[lower] as number) +
    ((sorted[upper] as number) - (sorted[lower] as number)) * (position - lower)
  );
}

function summarize(samples: number[]): { p50: number; p95: number; max: number; count: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    max: sorted.at(-1) ?? Number.NaN,
    count: sorted.length,
  };
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);

// 1. Synthetic labels: Voronoi cells of a jittered grid (cell k → label k + 1).
const grid = Math.ceil(Math.sqrt(minFibers));
if (grid * grid > 65_535)
  throw new RangeError(`--fibers must stay below 65,536 (16-bit labels), got ${minFibers}`);
const spacing = size / grid;
let state = 20_251_125;
const random = () => {
  state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
  return state / 2_147_483_648;
};
const seedX = Float64Array.from(
  { length: grid * grid },
  (_, k) => ((k % grid) + 0.15 + 0.7 * random()) * spacing,
);
const seedY = Float64Array.from(
  { length: grid * grid },
  (_, k) => (Math.floor(k / grid) + 0.15 + 0.7 * random()) * spacing,
);
let started = performance.now();
const labels = new Uint16Array(size * size);
const GAP_PX = 1.5;
for (let y = 0; y < size; y++) {
  const gy = Math.floor(y / spacing);
  for (let x = 0; x < size; x++) {
    const gx = Math.floor(x / spacing);
    let best = -1;
    let d1 = Number.POSITIVE_INFINITY;
    let d2 = Number.POSITIVE_INFINITY;
    for (let j = Math.max(0, gy - 1); j <= Math.min(grid - 1, gy + 1); j++) {
      for (let i = Math.max(0, gx - 1); i <= Math.min(grid - 1, gx + 1); i++) {
        const k = j * grid + i;
        const dx = (seedX[k] as number) - x;
        const dy = (seedY[k] as number) - y;
        const d = dx * dx + dy * dy;
        if (d < d1) {
          d2 = d1;
          d1 = d;
          best = k;
        } else if (d < d2) d2 = d;
      }
    }
    // Points near the bisector of the two nearest seeds are endomysium (label 0).
    labels[y * size + x] = Math.sqrt(d2) - Math.sqrt(d1) < GAP_PX ? 0 : best + 1;
  }
}
const fiberCount = grid * grid;
console.log(
  `labels: ${size}×${size} px at ${mpp} µm/px, ${fiberCount.toLocaleString()} fibers, built in ${fmt((performance.now() - started) / 1000, 2)} s`,
);

// Per-fiber features: MinFeret from the cell area (≈ 0.9 × equivalent diameter), 8 % fail the shape filter.
const area = new Float64Array(fiberCount + 1);
for (const label of labels) area[label] = (area[label] as number) + 1;
const minFeret = new Float32Array(fiberCount + 1).fill(Number.NaN);
const flags = new Uint8Array(fiberCount + 1);
for (let label = 1; label <= fiberCount; label++) {
  minFeret[label] =
    0.9 * 2 * Math.sqrt(((area[label] as number) * mpp * mpp) / Math.PI) * (0.8 + 0.4 * random());
  flags[label] =
    FIBER_FLAG_EXISTS | FIBER_FLAG_IN_MUSCLE | (random() < 0.92 ? FIBER_FLAG_PASSES_SHAPE : 0);
}
const sortedFerets = Array.from(minFeret.subarray(1)).sort((a, b) => a - b);
const scale = createColorScale({
  min: quantile(sortedFerets, 0.02),
  max: quantile(sortedFerets, 0.98),
});
const featurePalette = buildOverlayPalette({ values: minFeret, flags }, { mode: "feature", scale });
const outlinePalette = buildOverlayPalette({ values: minFeret, flags }, { mode: "contour" });
// Base "tissue": eosin-pink fibers on white, drawn with the same renderer as JPEG tiles.
const tissuePalette = new Uint32Array(fiberCount + 1);
for (let label = 1; label <= fiberCount; label++) {
  const shade = Math.round(30 * random());
  tissuePalette[label] = packRgba(225 - shade, 120 - shade, 160 - shade, 255);
}

// 2. labels.png in storage → raw raster → tiles through the route's renderer.
const storageDir = mkdtempSync(join(tmpdir(), "myoscope-bench-viewer-"));
const storage = createLocalStorage(storageDir);
started = performance.now();
const png = encodeGrayPng(labels, size, size, { level: 3 });
await storage.put("bench/labels.png", png);
console.log(
  `labels.png: ${fmt(png.length / 1e6, 1)} MB, encoded in ${fmt((performance.now() - started) / 1000, 2)} s`,
);
started = performance.now();
const raster = await getRawRaster(storage, {
  pngKey: "bench/labels.png",
  rawKey: "bench/viewer/labels-1.raw",
  format: "uint16",
});
console.log(
  `raw raster (decode once per run version): ${fmt((performance.now() - started) / 1000, 2)} s`,
);

const image = { width: size, height: size };
const maxLevel = getDeepZoomMaxLevel(size, size);
const shape = { width: size, height: size, tileSize: 256 };

console.log("\noverlay tiles rendered server-side (sample + colour + PNG), one at a time:");
console.log("mode     level  tiles   tiles/s   p50 ms   p95 ms   (render only p50/p95 ms)");
for (const [mode, palette, style] of [
  ["feature", featurePalette, "fill"],
  ["contour", outlinePalette, "outline"],
] as const) {
  for (let level = maxLevel; level >= Math.max(0, maxLevel - 5); level--) {
    const range = getTileRange(shape, level);
    // Up to 300 tiles per level, spread over the level.
    const total = range.columns * range.rows;
    const stride = Math.max(1, Math.floor(total / 300));
    const times: number[] = [];
    const renderOnly: number[] = [];
    const levelStart = performance.now();
    for (let index = 0; index < total; index += stride) {
      const column = index % range.columns;
      const row = Math.floor(index / range.columns);
      const t0 = performance.now();
      const rgba = await renderLabelOverlayTile(
        raster,
        image,
        { level, column, row },
        { palette, style },
      );
      const t1 = performance.now();
      if (rgba) await encodeTilePng(rgba);
      times.push(performance.now() - t0);
      renderOnly.push(t1 - t0);
    }
    const elapsed = (performance.now() - levelStart) / 1000;
    const all = summarize(times);
    const render = summarize(renderOnly);
    console.log(
      `${mode.padEnd(8)} ${String(level).padStart(5)} ${String(all.count).padStart(6)} ${fmt(all.count / elapsed, 0).padStart(9)} ${fmt(all.p50, 2).padStart(8)} ${fmt(all.p95, 2).padStart(8)}   (${fmt(render.p50, 2)} / ${fmt(render.p95, 2)})`,
    );
  }
}

// 3. Frame time in Chromium with the viewer's map.
const bundle = await build({
  entryPoints: [join(REPO_ROOT, "apps/web/src/components/viewer/viewer-bench-entry.ts")],
  bundle: true,
  format: "esm",
  write: false,
  minify: true,
  target: "es2022",
  logLevel: "silent",
});
const script = bundle.outputFiles[0]?.text ?? "";
const css = readFileSync(join(REPO_ROOT, "node_modules/ol/ol.css"), "utf8");
const served: number[] = [];
const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  const tile = /^\/(base|overlay)\/(\d+)\/(\d+)_(\d+)\.(jpg|png)$/.exec(url.pathname);
  if (tile) {
    const t0 = performance.now();
    const [level, column, row] = [tile[2], tile[3], tile[4]].map(Number) as [
      number,
      number,
      number,
    ];
    const isBase = tile[1] === "base";
    renderLabelOverlayTile(
      raster,
      image,
      { level, column, row },
      { palette: isBase ? tissuePalette : featurePalette, style: "fill" },
    )
      .then(async (rgba) => {
        let body: Buffer;
        if (isBase) {
          const pixels = rgba ?? new Uint8Array(256 * 256 * 4);
          body = await sharp(pixels, { raw: { width: 256, height: 256, channels: 4 } })
            .flatten({ background: "#f8f4f6" })
            .jpeg({ quality: 80 })
            .toBuffer();
        } else body = rgba ? await encodeTilePng(rgba) : await getEmptyTilePng();
        served.push(performance.now() - t0);
        response.writeHead(200, {
          "content-type": isBase ? "image/jpeg" : "image/png",
          "cache-control": "max-age=3600",
        });
        response.end(body);
      })
      .catch(() => {
        response.writeHead(404);
        response.end();
      });
    return;
  }
  if (url.pathname === "/bench.js") {
    response.writeHead(200, { "content-type": "text/javascript" });
    response.end(script);
    return;
  }
  response.writeHead(200, { "content-type": "text/html" });
  response.end(`<!doctype html><html><head><style>${css} html,body{margin:0;height:100%} #map{width:100%;height:100%}</style></head>
<body><div id="map" tabindex="0"></div><script type="module" src="/bench.js"></script></body></html>`);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const address = server.address();
const port = typeof address === "object" && address ? address.port : 0;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const sectionImage = { width: size, height: size, pixelSizeUm: mpp, tileSize: 256, maxLevel };
  await page.goto(
    `http://127.0.0.1:${port}/?image=${encodeURIComponent(JSON.stringify(sectionImage))}`,
  );
  await page.waitForFunction(() => Boolean((globalThis as unknown as BenchScope).benchViewer));
  console.log(
    `\nframe time in Chromium (1280×800, software rendering), ${fiberCount.toLocaleString()} fibers:`,
  );
  console.log("overlay   frames   p50 ms   p95 ms   max ms   >50 ms   tiles served (p95 ms)");
  for (const withOverlay of [false, true]) {
    await page.evaluate((isOn) => {
      (globalThis as unknown as BenchScope).benchViewer.fit();
      (globalThis as unknown as BenchScope).benchViewer.setOverlay(isOn);
    }, withOverlay);
    await page.evaluate(() => (globalThis as unknown as BenchScope).benchViewer.waitForIdle());
    served.length = 0;
    await page.evaluate(() => (globalThis as unknown as BenchScope).benchViewer.startRecording());
    // Animated zoom to ~full resolution in steps, with pans between them.
    await page.evaluate(() =>
      (globalThis as unknown as BenchScope).benchViewer.animate([
        { zoomBy: 4, duration: 700 },
        { panBy: [400, 0], duration: 500 },
        { zoomBy: 4, duration: 700 },
        { panBy: [0, -300], duration: 500 },
        { zoomBy: 2, duration: 500 },
      ]),
    );
    // Mouse drags (what a user does most) and wheel zooms.
    await page.mouse.move(640, 400);
    for (let drag = 0; drag < 6; drag++) {
      const dx = drag % 2 === 0 ? -350 : 250;
      const dy = drag % 3 === 0 ? 120 : -80;
      await page.mouse.down();
      await page.mouse.move(640 + dx, 400 + dy, { steps: 30 });
      await page.mouse.up();
      await page.mouse.move(640, 400);
    }
    for (const delta of [300, 300, -300, -300, -300, 300]) {
      await page.mouse.wheel(0, delta);
      await page.waitForTimeout(350);
    }
    await page.evaluate(() =>
      (globalThis as unknown as BenchScope).benchViewer.animate([
        { panBy: [-600, 200], duration: 600 },
        { zoomBy: 1 / 8, duration: 800 },
        { panBy: [300, 300], duration: 500 },
      ]),
    );
    const deltas = await page.evaluate(() =>
      (globalThis as unknown as BenchScope).benchViewer.stopRecording(),
    );
    const frames = summarize(deltas);
    const slow = deltas.filter((d) => d > 50).length;
    const tiles = summarize(served);
    console.log(
      `${(withOverlay ? "feature" : "none").padEnd(8)} ${String(frames.count).padStart(7)} ${fmt(frames.p50).padStart(8)} ${fmt(frames.p95).padStart(8)} ${fmt(frames.max).padStart(8)} ${String(slow).padStart(8)}   ${tiles.count} (${fmt(tiles.p95)})`,
    );
    if (withOverlay) await page.screenshot({ path: join(tmpdir(), "bench-viewer.png") });
  }
  console.log(`\nscreenshot of the last view: ${join(tmpdir(), "bench-viewer.png")}`);
} finally {
  await browser.close();
  server.close();
  await raster.close();
  rmSync(storageDir, { recursive: true, force: true });
}
