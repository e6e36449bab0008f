import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { decode } from "fast-png";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliUsageError } from "../command.ts";
import { formatSegmentProgress, outputBaseName, parseSegmentArgs } from "./segment.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../../../../..");
const CLI = join(REPO_ROOT, "apps/worker/bin/myoscope.js");
const MODEL = join(REPO_ROOT, "test/fixtures/models/tiny-unet.onnx");
const IMAGE = resolve(REPO_ROOT, "../shared/data/real/he_muscle_wcchu/images/sample_img_02.tif");

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: REPO_ROOT, timeout: 60_000 },
      (error, stdout, stderr) => {
        done({
          code: error ? (typeof error.code === "number" ? error.code : -1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

describe("parseSegmentArgs(args)", () => {
  const base = [IMAGE, "--mpp", "0.2774", "--model", MODEL, "--out", "o"];

  it("reads every option, defaulting --threads to the available parallelism and --device to cpu", () => {
    expect(parseSegmentArgs(base)).toEqual({
      images: [IMAGE],
      mpp: 0.2774,
      model: MODEL,
      threads: availableParallelism(),
      out: resolve("o"),
      device: "cpu",
      isTiled: false,
    });
    expect(parseSegmentArgs([...base, "--tiled"]).isTiled).toBe(true);
    expect(parseSegmentArgs([...base, "--threads", "3", "--device", "cuda"])).toMatchObject({
      threads: 3,
      device: "cuda",
    });
  });

  it("throws CliUsageError naming the parameter for each bad value", () => {
    const cases: [string[], RegExp][] = [
      [[IMAGE, "--model", MODEL, "--out", "o"], /--mpp is required/],
      [[...base, "--mpp", "0"], /--mpp must be a pixel size in \[0.05, 100\] µm\/px, got 0$/],
      [[...base, "--mpp", "abc"], /--mpp .* got abc/],
      [[...base, "--mpp", "5000"], /--mpp .* got 5000/],
      [[...base, "--threads", "0"], /--threads must be an integer in \[1, 1024\], got 0/],
      [[...base, "--device", "tpu"], /--device must be cpu or cuda, got tpu/],
      [[...base, "--model", "nope.onnx"], /--model file not found: .*nope\.onnx/],
      [["--mpp", "0.3", "--model", MODEL, "--out", "o"], /expected at least one IMAGE/],
      [[IMAGE, "--mpp", "0.3", "--model", MODEL], /--out is required/],
      [[...base, "missing.tif"], /image not found: .*missing\.tif/],
      [[...base, IMAGE], /would both write sample_img_02\.\* in --out/],
      [[...base, "--colour", "red"], /--colour/],
    ];
    for (const [args, message] of cases) {
      expect(() => parseSegmentArgs(args)).toThrow(CliUsageError);
      expect(() => parseSegmentArgs(args)).toThrow(message);
    }
  });

  it("says where the default model should be when it is missing", () => {
    const args = [IMAGE, "--mpp", "0.2774", "--out", "o"];
    expect(() => parseSegmentArgs(args, "/nowhere/myoscope-unet-synth.onnx")).toThrow(
      "no default model at /nowhere/myoscope-unet-synth.onnx; pass --model",
    );
  });
});

describe("formatSegmentProgress / outputBaseName", () => {
  it("shows the image, its tiles, and the overall share done", () => {
    const progress = { phase: "inference", tilesDone: 5, tilesTotal: 10 } as const;
    expect(formatSegmentProgress(1, 2, "b.tif", progress)).toBe(
      "[#################-------]  70%  2/2 b.tif  tiles 5/10",
    );
    expect(formatSegmentProgress(0, 1, "a.tif", { phase: "postprocess" })).toContain(
      "80%  1/1 a.tif  post-processing",
    );
    // Tiled: half the bands done → 80 % + 20 % × (55 % + 45 % / 2).
    const bands = { phase: "postprocess", step: "bands", done: 5, total: 10 } as const;
    expect(formatSegmentProgress(0, 1, "a.tif", bands)).toContain(
      "96%  1/1 a.tif  post-processing bands 5/10",
    );
  });

  it("drops only the last extension", () => {
    expect(outputBaseName("/x/sample_img_02.tif")).toBe("sample_img_02");
    expect(outputBaseName("slide.ome.tiff")).toBe("slide.ome");
    expect(outputBaseName("noext")).toBe("noext");
  });
});

describe("myoscope segment", () => {
  let root: string;
  let good: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "segment-cli-"));
    // A 384² crop of the real tile keeps the run short.
    good = join(root, "crop.png");
    await sharp(IMAGE).extract({ left: 300, top: 300, width: 384, height: 384 }).png().toFile(good);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("writes labels, fibers and summary per image; a truncated image fails alone and leaves no file", async () => {
    const bytes = await readFile(IMAGE);
    const truncated = join(root, "truncated.tif");
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const out = join(root, "out");
    const result = await runCli([
      "segment",
      good,
      truncated,
      "--mpp",
      "0.2774",
      "--model",
      MODEL,
      "--threads",
      "2",
      "--out",
      out,
    ]);

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/truncated\.tif: cannot decode image .*truncated\.tif/);
    expect(result.stderr).toContain("1/2 crop.png  tiles");
    expect(result.stdout).toMatch(/crop\.png: \d+ fibers/);
    expect(result.stdout).toContain("segmented 1/2 images");
    expect((await readdir(out)).sort()).toEqual([
      "crop.fibers.csv",
      "crop.labels.png",
      "crop.summary.json",
    ]);
    const png = decode(await readFile(join(out, "crop.labels.png")));
    expect([png.width, png.height, png.depth]).toEqual([384, 384, 16]);
    const summary = JSON.parse(await readFile(join(out, "crop.summary.json"), "utf8"));
    const rows = (await readFile(join(out, "crop.fibers.csv"), "utf8")).trimEnd().split("\n");
    expect(rows).toHaveLength(summary.counts.fibers + 1);
    expect(summary.counts.fibers).toBeGreaterThan(0);
  }, 60_000);

  it("with --tiled writes the same labels, fibers and counts as whole-image post-processing", async () => {
    const common = ["segment", good, "--mpp", "0.2774", "--model", MODEL, "--threads", "2"];
    const whole = await runCli([...common, "--out", join(root, "whole")]);
    const tiled = await runCli([...common, "--tiled", "--out", join(root, "tiled")]);
    expect(whole.code, whole.stderr).toBe(0);
    expect(tiled.code, tiled.stderr).toBe(0);
    expect(tiled.stdout).toMatch(/crop\.png: \d+ fibers .* post-processed in tiles/);
    const read = (dir: string, file: string) => readFile(join(root, dir, file));
    const labels = (bytes: Buffer) => Array.from(decode(bytes).data);
    expect(labels(await read("tiled", "crop.labels.png"))).toEqual(
      labels(await read("whole", "crop.labels.png")),
    );
    expect((await read("tiled", "crop.fibers.csv")).toString()).toEqual(
      (await read("whole", "crop.fibers.csv")).toString(),
    );
    const counts = async (dir: string) =>
      JSON.parse((await read(dir, "crop.summary.json")).toString()).counts;
    expect(await counts("tiled")).toEqual(await counts("whole"));
  }, 90_000);

  it("adds region, ROI and exclusion columns from a --regions GeoJSON file (QuPath classes), the same with --tiled", async () => {
    const square = (x0: number, y0: number, x1: number, y1: number) => ({
      type: "Polygon",
      coordinates: [
        [
          [x0, y0],
          [x1, y0],
          [x1, y1],
          [x0, y1],
          [x0, y0],
        ],
      ],
    });
    const feature = (className: string, geometry: object, name?: string) => ({
      type: "Feature",
      geometry,
      properties: { objectType: "annotation", classification: { name: className }, name },
    });
    const regionsFile = join(root, "regions.geojson");
    await writeFile(
      regionsFile,
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          feature("M. soleus, left", square(0, 0, 192, 384)),
          feature("ROI", square(0, 0, 384, 192), "ROI 1"),
          feature("Exclusion", square(192, 192, 384, 384)),
        ],
      }),
    );
    const out = join(root, "regions-out");
    const result = await runCli([
      "segment",
      good,
      "--mpp",
      "0.2774",
      "--model",
      MODEL,
      "--regions",
      regionsFile,
      "--out",
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [header, ...rows] = (await readFile(join(out, "crop.fibers.csv"), "utf8"))
      .trimEnd()
      .split("\n");
    expect(header).toMatch(
      /,mean_od_h,mean_od_e,in_muscle_mask,passes_shape_filter,region,roi,in_exclusion$/,
    );
    const columns = (header as string).split(",");
    const at = (name: string) => columns.indexOf(name);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      // The region name has a comma, so it is quoted; split on commas outside quotes.
      const cells = row.match(/("[^"]*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, "")) ?? [];
      const x = Number(cells[at("centroid_x")]);
      const y = Number(cells[at("centroid_y")]);
      expect(cells[at("region")]).toBe(x < 192 ? '"M. soleus, left"' : "");
      expect(cells[at("roi")]).toBe(y < 192 ? "ROI 1" : "");
      expect(["true", "false"]).toContain(cells[at("in_exclusion")]);
      expect(Number(cells[at("mean_od_e")])).toBeGreaterThan(0);
    }
    const summary = JSON.parse(await readFile(join(out, "crop.summary.json"), "utf8"));
    expect(Object.keys(summary.regions).sort()).toEqual(["", "M. soleus, left"]);
    expect(summary.excludedAreaUm2).toBeCloseTo(192 * 192 * 0.2774 * 0.2774, 6);

    const tiledOut = join(root, "regions-tiled");
    const tiled = await runCli([
      "segment",
      good,
      "--mpp",
      "0.2774",
      "--model",
      MODEL,
      "--regions",
      regionsFile,
      "--tiled",
      "--out",
      tiledOut,
    ]);
    expect(tiled.code, tiled.stderr).toBe(0);
    expect(await readFile(join(tiledOut, "crop.fibers.csv"), "utf8")).toBe(
      await readFile(join(out, "crop.fibers.csv"), "utf8"),
    );
    const tiledSummary = JSON.parse(await readFile(join(tiledOut, "crop.summary.json"), "utf8"));
    expect(tiledSummary.regions).toEqual(summary.regions);
    expect(tiledSummary.excludedAreaUm2).toBe(summary.excludedAreaUm2);
  }, 90_000);

  it("segments an Aperio SVS with JPEG 2000 tiles (which sharp cannot decode) at level 0 through Debian's vips", async () => {
    const slide = resolve(REPO_ROOT, "../shared/data/real/wsi/aperio/tcga-cr-7395-01a-01-ts1.svs");
    const out = join(root, "svs-out");
    const result = await runCli([
      "segment",
      slide,
      "--mpp",
      "0.4990",
      "--model",
      MODEL,
      "--threads",
      "2",
      "--out",
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/tcga-cr-7395-01a-01-ts1\.svs: \d+ fibers .*4443×3567 px/);
    const png = decode(await readFile(join(out, "tcga-cr-7395-01a-01-ts1.labels.png")));
    expect([png.width, png.height, png.depth]).toEqual([4443, 3567, 16]);
  }, 120_000);

  it("refuses a file that is not an image before writing anything", async () => {
    const junk = join(root, "junk.tif");
    await writeFile(junk, "this is not a TIFF");
    const out = join(root, "junk-out");
    const result = await runCli([
      "segment",
      good,
      junk,
      "--mpp",
      "0.2774",
      "--model",
      MODEL,
      "--out",
      out,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /myoscope: cannot read image .*junk\.tif: .*unsupported image format/,
    );
    expect(await readdir(root)).not.toContain("junk-out");
  }, 60_000);
});
