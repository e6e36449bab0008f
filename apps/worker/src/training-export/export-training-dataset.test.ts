import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeBorderWeightMap } from "@myoscope/core/training-export/compute-border-weight-map";
import { pasteTile } from "@myoscope/core/training-export/extract-tile";
import { quantizeWeightMap } from "@myoscope/core/training-export/quantize-weight-map";
import { rasterizePolygons } from "@myoscope/core/training-export/rasterize-polygons";
import { decode } from "fast-png";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeGrayPng } from "../synthesis/encode-gray-png.ts";
import { exportTrainingDataset, type TrainingExportManifest } from "./export-training-dataset.ts";

interface Fixture {
  rgb: Uint8Array;
  labels: Uint16Array;
  classes: Uint8Array;
  width: number;
  height: number;
}

/** Touching discs on a 36 px grid; the outermost pixel ring of each disc is class 2. */
function drawDiscs(width: number, height: number, shade: number): Fixture {
  const labels = new Uint16Array(width * height);
  let label = 0;
  for (let cy = 18; cy < height; cy += 36) {
    for (let cx = 18; cx < width; cx += 36) {
      label++;
      for (let y = Math.max(0, cy - 19); y < Math.min(height, cy + 20); y++) {
        for (let x = Math.max(0, cx - 19); x < Math.min(width, cx + 20); x++) {
          if ((x - cx) ** 2 + (y - cy) ** 2 <= 18.5 ** 2) labels[y * width + x] = label;
        }
      }
    }
  }
  const classes = new Uint8Array(width * height);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const l = labels[i] as number;
      const isEdge =
        [-1, 1].some((d) => labels[y * width + Math.min(width - 1, Math.max(0, x + d))] !== l) ||
        [-1, 1].some((d) => labels[Math.min(height - 1, Math.max(0, y + d)) * width + x] !== l);
      classes[i] = l === 0 ? 0 : isEdge ? 2 : 1;
      rgb.set([shade, (x * 7 + y) % 256, (l * 37) % 256], i * 3);
    }
  }
  return { rgb, labels, classes, width, height };
}

async function writeSource(
  dir: string,
  name: string,
  fixture: Fixture,
  mpp: number,
): Promise<void> {
  const { width, height } = fixture;
  await sharp(fixture.rgb, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(join(dir, `${name}.png`));
  await writeFile(join(dir, `${name}.labels.png`), encodeGrayPng(fixture.labels, width, height));
  await writeFile(join(dir, `${name}.classes.png`), encodeGrayPng(fixture.classes, width, height));
  await writeFile(
    join(dir, `${name}.json`),
    JSON.stringify({ name, mpp, seed: 5, preset: "discs", fiberCount: 0 }),
  );
}

/** Positions where two equally long arrays differ (vitest's deep equality is slow on big typed arrays). */
function countDifferences(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let count = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++;
  return count;
}

async function readPng(
  path: string,
): Promise<{ data: Uint8Array | Uint16Array; channels: number }> {
  const png = decode(await readFile(path));
  return { data: png.data as Uint8Array | Uint16Array, channels: png.channels };
}

describe("exportTrainingDataset(options)", { timeout: 20_000 }, () => {
  let root: string;
  const fixtures = new Map<string, Fixture>();
  let manifest: TrainingExportManifest;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "myoscope-export-test-"));
    await mkdir(join(root, "a"));
    await mkdir(join(root, "b"));
    const specs: [string, string, number, number, number][] = [
      ["a", "img-0", 300, 250, 0.8],
      ["a", "img-1", 200, 200, 0.7],
      ["b", "img-2", 130, 90, 0.9],
    ];
    for (const [dir, name, width, height, mpp] of specs) {
      const fixture = drawDiscs(width, height, 40 + fixtures.size * 50);
      fixtures.set(name, fixture);
      await writeSource(join(root, dir), name, fixture, mpp);
    }
    // Not a source: a run summary, and an image whose label file is missing.
    await writeFile(join(root, "a", "dataset.json"), "{}");
    await writeFile(join(root, "a", "lonely.json"), JSON.stringify({ mpp: 1 }));
    await writeFile(join(root, "a", "lonely.png"), "");
    manifest = await exportTrainingDataset({
      from: [join(root, "a"), join(root, "b")],
      out: join(root, "out"),
      tileSize: 96,
      overlap: 16,
      valFraction: 0.34,
      seed: 3,
      withWeights: true,
      zip: true,
    });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("finds the three complete sources and splits them by image, never by tile", () => {
    expect(manifest.sources.map((s) => s.id).sort()).toEqual(["img-0", "img-1", "img-2"]);
    expect(manifest.sources.filter((s) => s.split === "val")).toHaveLength(1);
    for (const source of manifest.sources) {
      const sides = (["train", "val"] as const).filter((split) =>
        manifest.tiles[split].some((tile) => tile.source === source.id),
      );
      expect(sides).toEqual([source.split]);
      expect(source.tiles).toBe(
        manifest.tiles[source.split].filter((t) => t.source === source.id).length,
      );
    }
    expect(manifest.mpp.min).toBe(0.7);
    expect(manifest.mpp.max).toBe(0.9);
    expect(manifest.tile).toEqual({ size: 96, overlap: 16 });
    expect(manifest.datasetVersion).toMatch(/^[0-9a-f]{16}$/);
  });

  it("writes tiles that re-assemble exactly to each source's image, classes, labels and weights", async () => {
    for (const source of manifest.sources) {
      const fixture = fixtures.get(source.id) as Fixture;
      const { width, height } = fixture;
      const rgb = { data: new Uint8Array(width * height * 3), width, height, channels: 3 };
      const classes = { data: new Uint8Array(width * height), width, height, channels: 1 };
      const labels = { data: new Uint16Array(width * height), width, height, channels: 1 };
      const weights = { data: new Uint16Array(width * height), width, height, channels: 1 };
      const dir = join(root, "out", source.split);
      for (const tile of manifest.tiles[source.split].filter((t) => t.source === source.id)) {
        const size = { width: tile.width, height: tile.height };
        const image = await sharp(join(dir, "images", tile.file))
          .raw()
          .toBuffer();
        pasteTile(rgb, { data: new Uint8Array(image), ...size, channels: 3 }, tile.x, tile.y);
        const mask = await readPng(join(dir, "masks", tile.file));
        expect(mask.channels).toBe(1);
        pasteTile(classes, { data: mask.data as Uint8Array, ...size, channels: 1 }, tile.x, tile.y);
        const label = await readPng(join(dir, "labels", tile.file));
        expect(label.data).toBeInstanceOf(Uint16Array);
        pasteTile(
          labels,
          { data: label.data as Uint16Array, ...size, channels: 1 },
          tile.x,
          tile.y,
        );
        const weight = await readPng(join(dir, "weights", tile.file));
        pasteTile(
          weights,
          { data: weight.data as Uint16Array, ...size, channels: 1 },
          tile.x,
          tile.y,
        );
      }
      expect(countDifferences(rgb.data, fixture.rgb)).toBe(0);
      expect(countDifferences(classes.data, fixture.classes)).toBe(0);
      expect(countDifferences(labels.data, fixture.labels)).toBe(0);
      const expected = quantizeWeightMap(
        computeBorderWeightMap(fixture.labels, width, height, { classes: fixture.classes }),
      );
      expect(countDifferences(weights.data, expected)).toBe(0);
    }
  });

  it("writes COCO polygons that rasterize back to every fiber of every tile", async () => {
    for (const split of ["train", "val"] as const) {
      const coco = JSON.parse(await readFile(join(root, "out", `coco_${split}.json`), "utf8"));
      expect(coco.categories).toEqual([{ id: 1, name: "fiber", supercategory: "muscle" }]);
      expect(coco.images).toHaveLength(manifest.tiles[split].length);
      const ids = coco.annotations.map((a: { id: number }) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const image of coco.images) {
        const label = await readPng(
          join(root, "out", image.file_name.replace("/images/", "/labels/")),
        );
        const annotations = coco.annotations.filter(
          (a: { image_id: number }) => a.image_id === image.id,
        );
        expect(annotations.length).toBe(new Set(Array.from(label.data).filter((v) => v > 0)).size);
        for (const annotation of annotations) {
          const mask = rasterizePolygons(annotation.segmentation, image.width, image.height);
          const truth = Uint8Array.from(label.data, (v) => (v === annotation.label ? 1 : 0));
          expect(countDifferences(mask, truth)).toBe(0);
        }
      }
    }
  });

  it("zips the export into OUT.zip", () => {
    const listing = execFileSync("/usr/bin/python3", [
      "-c",
      "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist())); print(z.namelist()[0])",
      join(root, "out.zip"),
    ]).toString();
    const tiles = manifest.tiles.train.length + manifest.tiles.val.length;
    expect(listing.split("\n")[0]).toBe(String(tiles * 4 + 3));
    expect(listing.split("\n")[1]).toBe("out/coco_train.json");
  });

  it("refuses a non-empty output folder and leaves no partial output when a source is bad", async () => {
    await expect(
      exportTrainingDataset({ from: [join(root, "a")], out: join(root, "out") }),
    ).rejects.toThrow(/output folder .* is not empty/);
    const bad = join(root, "bad");
    await mkdir(bad);
    const fixture = drawDiscs(64, 64, 10);
    fixture.classes[100] = 7;
    await writeSource(bad, "broken", fixture, 0.8);
    await expect(
      exportTrainingDataset({ from: [bad], out: join(root, "bad-out") }),
    ).rejects.toThrow(/classes 0, 1, 2, got 7 at pixel 100/);
    expect(existsSync(join(root, "bad-out"))).toBe(false);
    expect((await readdir(root)).filter((name) => name.includes("partial"))).toEqual([]);
  });
});
