import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SYNTHESIS_PRESETS } from "@myoscope/core/synthesis/presets";
import { SYNTHESIS_PARAM_KEYS } from "@myoscope/core/synthesis/synthesis-params";
import { synthesizeImage } from "@myoscope/core/synthesis/synthesize-image";
import { decode } from "fast-png";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveImageSeed } from "./derive-image-seed.ts";
import { type SynthesisProgress, synthesizeDataset } from "./synthesize-dataset.ts";

const SIZE = 256;
const COUNT = 2;
const SEED = 20250;

async function readDir(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(join(dir, name)));
  return files;
}

describe("synthesizeDataset(options)", () => {
  let root: string;
  let oneThread: Map<string, Buffer>;
  let twoThreads: Map<string, Buffer>;
  const progress: SynthesisProgress[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "synthesize-dataset-"));
    const common = { preset: "he-ffpe", count: COUNT, size: SIZE, seed: SEED } as const;
    await synthesizeDataset({ ...common, outDir: join(root, "t1"), threads: 1 });
    await synthesizeDataset({
      ...common,
      outDir: join(root, "t2"),
      threads: 2,
      onProgress: (event) => progress.push(event),
    });
    oneThread = await readDir(join(root, "t1"));
    twoThreads = await readDir(join(root, "t2"));
  }, 60_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const names = Array.from({ length: COUNT }, (_, i) => `synth-he-ffpe-${SEED}-000${i}`);

  it("writes four files per image plus dataset.json, and no temporary files", () => {
    const expected = names.flatMap((name) =>
      [".classes.png", ".json", ".labels.png", ".png"].map((suffix) => `${name}${suffix}`),
    );
    expect([...oneThread.keys()]).toEqual(["dataset.json", ...expected].sort());
  });

  it("writes byte-identical files with 1 and 2 threads", () => {
    expect([...twoThreads.keys()]).toEqual([...oneThread.keys()]);
    for (const [name, bytes] of oneThread)
      expect(twoThreads.get(name)?.equals(bytes), name).toBe(true);
  });

  it("reports progress once per image, counting up to the total", () => {
    expect(progress.map((event) => event.done)).toEqual([1, 2]);
    expect(progress.every((event) => event.total === COUNT)).toBe(true);
    expect(new Set(progress.map((event) => event.record.index))).toEqual(new Set([0, 1]));
  });

  it("writes an 8-bit RGB image, 16-bit labels and 8-bit classes with values 0/1/2", async () => {
    for (const name of names) {
      const rgb = await sharp(oneThread.get(`${name}.png`)).metadata();
      expect(rgb).toMatchObject({
        format: "png",
        width: SIZE,
        height: SIZE,
        channels: 3,
        depth: "uchar",
      });
      const labels = decode(oneThread.get(`${name}.labels.png`) ?? Buffer.alloc(0));
      expect({ depth: labels.depth, channels: labels.channels, width: labels.width }).toEqual({
        depth: 16,
        channels: 1,
        width: SIZE,
      });
      const classes = decode(oneThread.get(`${name}.classes.png`) ?? Buffer.alloc(0));
      expect({ depth: classes.depth, channels: classes.channels, height: classes.height }).toEqual({
        depth: 8,
        channels: 1,
        height: SIZE,
      });
      const values = new Set(classes.data);
      expect([...values].every((value) => value <= 2)).toBe(true);
      expect(values.has(1) && values.has(2)).toBe(true);
    }
  });

  it("records seed, run seed, preset, mpp, fiber count and every sampled parameter", () => {
    for (const [index, name] of names.entries()) {
      const meta = JSON.parse(oneThread.get(`${name}.json`)?.toString() ?? "{}");
      expect(meta).toMatchObject({
        name,
        preset: "he-ffpe",
        runSeed: SEED,
        index,
        seed: deriveImageSeed(SEED, index),
        size: SIZE,
      });
      expect(Object.keys(meta.params).sort()).toEqual([...SYNTHESIS_PARAM_KEYS].sort());
      expect(meta.mpp).toBe(meta.params.mpp);
      expect(meta.generator.sourceHash).toMatch(/^[0-9a-f]{16}$/);

      const labels = decode(oneThread.get(`${name}.labels.png`) ?? Buffer.alloc(0)).data;
      const distinct = new Set(labels);
      distinct.delete(0);
      expect(meta.fiberCount).toBe(distinct.size);
      expect(meta.fiberCount).toBeGreaterThan(0);
    }
  });

  it("lists the run in dataset.json with the preset's ranges", () => {
    const manifest = JSON.parse(oneThread.get("dataset.json")?.toString() ?? "{}");
    expect(manifest).toMatchObject({ preset: "he-ffpe", runSeed: SEED, count: COUNT, size: SIZE });
    expect(manifest.ranges).toEqual(JSON.parse(JSON.stringify(SYNTHESIS_PRESETS["he-ffpe"])));
    expect(manifest.images.map((image: { name: string }) => image.name)).toEqual(names);
  });

  it("reproduces an image exactly from its recorded parameters and seed", async () => {
    const meta = JSON.parse(oneThread.get(`${names[1]}.json`)?.toString() ?? "{}");
    const again = synthesizeImage(meta.params, { width: SIZE, height: SIZE, seed: meta.seed });
    const { data } = await sharp(oneThread.get(`${names[1]}.png`))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(Buffer.from(again.rgb).equals(data)).toBe(true);
  });

  it("renders different images from the different seeds of a run", () => {
    const [first, second] = names.map((name) => oneThread.get(`${name}.png`) ?? Buffer.alloc(0));
    expect(first?.equals(second ?? Buffer.alloc(0))).toBe(false);
  });

  it("rejects bad options naming the parameter, before creating the directory", async () => {
    const outDir = join(root, "never");
    const base = { preset: "he-ffpe", count: 1, size: SIZE, seed: 1, outDir } as const;
    await expect(synthesizeDataset({ ...base, count: 0 })).rejects.toThrow(
      /count must be .* got 0/,
    );
    await expect(synthesizeDataset({ ...base, size: 100_000 })).rejects.toThrow(
      /size .* got 100000/,
    );
    await expect(synthesizeDataset({ ...base, seed: -1 })).rejects.toThrow(/seed .* got -1/);
    await expect(synthesizeDataset({ ...base, threads: 0 })).rejects.toThrow(/threads .* got 0/);
    await expect(synthesizeDataset({ ...base, preset: "he-nope" as "he-ffpe" })).rejects.toThrow(
      /preset must be one of he-ffpe, he-cryo, myopathic, got he-nope/,
    );
    const ranges = { ...SYNTHESIS_PRESETS["he-ffpe"], mpp: [0.5, 9] as const };
    await expect(synthesizeDataset({ ...base, preset: undefined, ranges })).rejects.toThrow(
      /ranges\.mpp: .*got 9 \(at the upper end of its range\)/,
    );
    expect(existsSync(outDir)).toBe(false);
  });

  it("stops when aborted, keeping finished images and writing no dataset.json", async () => {
    const outDir = join(root, "aborted");
    const controller = new AbortController();
    const run = synthesizeDataset({
      preset: "myopathic",
      count: 3,
      size: 96,
      seed: 3,
      outDir,
      threads: 1,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error("stop here")),
    });
    await expect(run).rejects.toThrow("stop here");
    const files = (await readdir(outDir)).sort();
    expect(files).toEqual(
      ["classes.png", "json", "labels.png", "png"].map(
        (suffix) => `synth-myopathic-3-0000.${suffix}`,
      ),
    );
  }, 30_000);
});
