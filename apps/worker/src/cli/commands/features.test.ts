import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CliUsageError } from "../command.ts";
import { featuresCommand, formatFeaturesProgress, parseFeaturesArgs } from "./features.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../../../../..");
const HE = resolve(REPO_ROOT, "../shared/data/real/he_muscle_wcchu/images/sample_img_02.tif");
const MASK = resolve(
  REPO_ROOT,
  "../shared/data/real/he_muscle_wcchu/masks_cellpose/sample_img_02_cp_masks.png",
);

describe("parseFeaturesArgs(args)", () => {
  it("reads LABELS, --mpp, --out, and defaults --mpp-y to --mpp", () => {
    expect(parseFeaturesArgs(["labels.png", "--mpp", "0.2774", "--out", "f.csv"])).toEqual({
      labels: resolve("labels.png"),
      mpp: 0.2774,
      mppY: 0.2774,
      out: resolve("f.csv"),
    });
    expect(
      parseFeaturesArgs(["l.tif", "--mpp", "0.2765", "--mpp-y", "0.2782", "--out", "f.csv"]).mppY,
    ).toBe(0.2782);
    expect(parseFeaturesArgs(["l.tif", "--mpp", "2.5e-1", "--out", "f.csv"]).mpp).toBe(0.25);
  });

  it("throws CliUsageError naming the parameter for each bad value", () => {
    const cases: [string[], RegExp][] = [
      [["l.png", "--out", "f.csv"], /--mpp is required/],
      [["l.png", "--mpp", "0", "--out", "f.csv"], /--mpp must be a number > 0 \(µm\/px\), got 0$/],
      [["l.png", "--mpp=-0.5", "--out", "f.csv"], /--mpp must be .* got -0.5/],
      [["l.png", "--mpp", "-0.5", "--out", "f.csv"], /--mpp' argument is ambiguous/],
      [["l.png", "--mpp", "abc", "--out", "f.csv"], /--mpp must be .* got abc/],
      [["l.png", "--mpp", "NaN", "--out", "f.csv"], /--mpp must be .* got NaN/],
      [["l.png", "--mpp", "1e9", "--out", "f.csv"], /--mpp must be at most 1000/],
      [["l.png", "--mpp", "0.3", "--mpp-y", "0", "--out", "f.csv"], /--mpp-y must be/],
      [["l.png", "--mpp", "0.3"], /--out is required/],
      [["--mpp", "0.3", "--out", "f.csv"], /expected one LABELS image, got none/],
      [
        ["a.png", "b.png", "--mpp", "0.3", "--out", "f.csv"],
        /expected one LABELS image, got a.png b.png/,
      ],
      [["l.png", "--mpp", "0.3", "--out", "/no/such/dir/f.csv"], /--out directory does not exist/],
      [["l.png", "--mpp", "0.3", "--out", tmpdir()], /--out must be a file/],
      [["l.png", "--mpp", "0.3", "--out", "f.csv", "--colour", "red"], /--colour/],
    ];
    for (const [args, message] of cases) {
      expect(() => parseFeaturesArgs(args)).toThrow(CliUsageError);
      expect(() => parseFeaturesArgs(args)).toThrow(message);
    }
  });
});

describe("formatFeaturesProgress(progress)", () => {
  it("shows the phase and the rows measured", () => {
    expect(formatFeaturesProgress({ phase: "measure", rowsDone: 6136, height: 12272 })).toBe(
      "[############------------]  50%  measuring rows 6136/12272",
    );
    expect(formatFeaturesProgress({ phase: "decode", rowsDone: 0, height: 0 })).toContain(
      "decoding",
    );
    expect(formatFeaturesProgress({ phase: "trace", rowsDone: 5, height: 5 })).toContain("100%");
  });
});

describe("featuresCommand.run(args)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "features-command-test-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes one CSV row per label of a Cellpose mask, with progress on stderr", async () => {
    const out = join(dir, "fibers.csv");
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stdout = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(await featuresCommand.run([MASK, "--mpp", "0.2774", "--out", out])).toBe(0);
      expect(stderr.mock.calls.map(([chunk]) => String(chunk)).join("")).toContain("100%");
      expect(String(stdout.mock.calls[0]?.[0])).toMatch(/^wrote 55 fibers \(1002×1002 labels\)/);
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
    }
    const [header, ...rows] = (await readFile(out, "utf8")).trim().split("\n");
    expect(header?.split(",").slice(0, 9)).toEqual([
      "label",
      "area_um2",
      "perimeter_um",
      "circularity",
      "feret_um",
      "min_feret_um",
      "feret_angle",
      "centroid_x",
      "centroid_y",
    ]);
    expect(rows.map((row) => Number(row.split(",")[0]))).toEqual(
      Array.from({ length: 55 }, (_, i) => i + 1),
    );
  });

  it("adds the mean H and E optical density of each fiber from the H&E image: eosinophilic fibers", async () => {
    const out = join(dir, "od.csv");
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stdout = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(
        await featuresCommand.run([MASK, "--mpp", "0.2774", "--image", HE, "--out", out]),
      ).toBe(0);
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
    }
    const [header, ...rows] = (await readFile(out, "utf8")).trim().split("\n");
    const columns = header?.split(",") ?? [];
    expect(columns.slice(-2)).toEqual(["mean_od_h", "mean_od_e"]);
    const mean = (name: string) =>
      rows.reduce((sum, row) => sum + Number(row.split(",")[columns.indexOf(name)]), 0) /
      rows.length;
    // Muscle fibers take up eosin, nuclei (mostly outside the fiber masks) haematoxylin.
    expect(mean("mean_od_e")).toBeGreaterThan(0.2);
    expect(mean("mean_od_e")).toBeLessThan(1);
    expect(mean("mean_od_e")).toBeGreaterThan(4 * mean("mean_od_h"));
  });

  it("rejects an H&E image whose size differs from the labels", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const other = resolve(REPO_ROOT, "../shared/data/real/ncl_sm_masks/S11_groundtruth_mask.tiff");
    try {
      await expect(
        featuresCommand.run([MASK, "--mpp", "0.3", "--image", other, "--out", join(dir, "x.csv")]),
      ).rejects.toThrow(/is 15129×12272, the labels are 1002×1002/);
    } finally {
      stderr.mockRestore();
    }
  });

  it("fails with a message naming a missing file and writes nothing", async () => {
    const out = join(dir, "missing.csv");
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await expect(
        featuresCommand.run([join(dir, "nope.png"), "--mpp", "0.3", "--out", out]),
      ).rejects.toThrow(/label image not found/);
    } finally {
      stderr.mockRestore();
    }
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });
});
