/**
 * `myoscope features` on a whole-section manual mask: NCL-SM S11, 15129×12272
 * uint16 labels in one LZW strip, 489 fibers. Checks the fiber count, sane
 * values, the time and (where GNU time exists) the peak memory of the process.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REAL_DATA_DIR, REPO_ROOT } from "../support/real-images.ts";

const CLI = join(REPO_ROOT, "apps/worker/bin/myoscope.js");
const S11 = join(REAL_DATA_DIR, "ncl_sm_masks/S11_groundtruth_mask.tiff");
const GNU_TIME = "/usr/bin/time";

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

function runCli(args: string[], withTime = false): Promise<CliResult> {
  const start = performance.now();
  const [file, argv] = withTime
    ? [GNU_TIME, ["-f", "max_rss_kb=%M", process.execPath, CLI, "features", ...args]]
    : [process.execPath, [CLI, "features", ...args]];
  return new Promise((done) => {
    execFile(file, argv, { cwd: REPO_ROOT, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      done({ code, stdout, stderr, seconds: (performance.now() - start) / 1000 });
    });
  });
}

describe("myoscope features", () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "features-cli-"));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test("measures the 489 fibers of the NCL-SM S11 manual mask in well under a minute and bounded memory", async () => {
    const out = join(root, "s11.csv");
    const withTime = existsSync(GNU_TIME);
    const result = await runCli([S11, "--mpp", "0.5", "--out", out], withTime);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^wrote 489 fibers \(15129×12272 labels\)/);
    expect(result.stderr).toContain("100%");
    expect(result.seconds).toBeLessThan(60);
    if (withTime) {
      const maxRssKb = Number(/max_rss_kb=(\d+)/.exec(result.stderr)?.[1]);
      // The labels alone are 371 MB decoded; the process must stay well below that plus overhead.
      expect(maxRssKb / 1024).toBeLessThan(500);
    }

    const [header, ...lines] = (await readFile(out, "utf8")).trim().split("\n");
    const columns = (header as string).split(",");
    const rows = lines.map((line) => {
      const cells = line.split(",");
      return Object.fromEntries(columns.map((name, i) => [name, cells[i] as string]));
    });
    expect(rows).toHaveLength(489);
    expect(new Set(rows.map((row) => row.label)).size).toBe(489);
    for (const row of rows) {
      const n = (name: string) => Number(row[name]);
      expect(n("area_um2")).toBeCloseTo(n("area_px") * 0.25, 3);
      expect(n("circularity")).toBeGreaterThan(0);
      expect(n("circularity")).toBeLessThanOrEqual(1);
      expect(n("min_feret_um")).toBeGreaterThan(0);
      expect(n("min_feret_um")).toBeLessThanOrEqual(n("feret_um"));
      expect(n("feret_angle")).toBeGreaterThanOrEqual(0);
      expect(n("feret_angle")).toBeLessThan(180);
      expect(n("solidity")).toBeGreaterThan(0);
      expect(n("solidity")).toBeLessThanOrEqual(1);
      expect(n("aspect_ratio")).toBeGreaterThanOrEqual(1);
      expect(n("centroid_x")).toBeGreaterThan(n("bbox_x"));
      expect(n("centroid_x")).toBeLessThan(n("bbox_x") + n("bbox_width"));
      expect(n("centroid_y")).toBeGreaterThan(n("bbox_y"));
      expect(n("centroid_y")).toBeLessThan(n("bbox_y") + n("bbox_height"));
      expect(n("bbox_x") + n("bbox_width")).toBeLessThanOrEqual(15129);
      expect(n("bbox_y") + n("bbox_height")).toBeLessThanOrEqual(12272);
    }
    // Muscle fibers in cross-section: mostly compact shapes.
    const circularities = rows.map((row) => Number(row.circularity)).sort((a, b) => a - b);
    expect(circularities[circularities.length >> 1]).toBeGreaterThan(0.5);
  }, 120_000);

  test("fails with a clear message and exit code for a missing file, a corrupt file and a bad --mpp", async () => {
    const missing = await runCli([
      join(root, "nope.tif"),
      "--mpp",
      "0.5",
      "--out",
      join(root, "a.csv"),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/myoscope: label image not found: .*nope\.tif/);

    const corrupt = join(root, "corrupt.png");
    await writeFile(corrupt, "not a png");
    const bad = await runCli([corrupt, "--mpp", "0.5", "--out", join(root, "b.csv")]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/cannot read label image .*corrupt\.png/);

    // (Every other usage error is covered by parseFeaturesArgs' unit test.)
    const usage = await runCli([S11, "--mpp", "abc", "--out", join(root, "c.csv")]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--mpp must be a number > 0 (µm/px), got abc");
    for (const name of ["a.csv", "b.csv", "c.csv"])
      expect(existsSync(join(root, name))).toBe(false);
  }, 60_000);
});
