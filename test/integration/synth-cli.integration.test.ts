import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode } from "fast-png";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REPO_ROOT } from "../support/real-images.ts";

const CLI = join(REPO_ROOT, "apps/worker/bin/myoscope.js");

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: REPO_ROOT, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

describe("myoscope synth", () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "synth-cli-"));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test("writes image, 16-bit labels, classes and JSON per image, identical for any --threads", async () => {
    const args = ["synth", "--preset", "myopathic", "--count", "2", "--size", "192", "--seed", "9"];
    const [two, one] = await Promise.all([
      runCli([...args, "--out", join(root, "a"), "--threads", "2"]),
      runCli([...args, "--out", join(root, "b"), "--threads", "1"]),
    ]);

    expect(two.code, two.stderr).toBe(0);
    expect(one.code, one.stderr).toBe(0);
    expect(two.stderr).toContain("2/2 images");
    expect(two.stderr).toContain("[########################] 100%");
    expect(two.stdout).toMatch(/wrote 2 images \(\d+ fibers, preset myopathic, seed 9\)/);

    const files = (await readdir(join(root, "a"))).sort();
    expect(files).toEqual(
      [
        "dataset.json",
        ...["synth-myopathic-9-0000", "synth-myopathic-9-0001"].flatMap((name) => [
          `${name}.png`,
          `${name}.labels.png`,
          `${name}.classes.png`,
          `${name}.json`,
        ]),
      ].sort(),
    );
    for (const file of files) {
      const [a, b] = await Promise.all([
        readFile(join(root, "a", file)),
        readFile(join(root, "b", file)),
      ]);
      expect(a.equals(b), file).toBe(true);
    }

    const meta = JSON.parse(await readFile(join(root, "a", "synth-myopathic-9-0001.json"), "utf8"));
    const labels = decode(await readFile(join(root, "a", "synth-myopathic-9-0001.labels.png")));
    expect(labels.depth).toBe(16);
    const distinct = new Set(labels.data);
    distinct.delete(0);
    expect(meta).toMatchObject({ preset: "myopathic", runSeed: 9, index: 1, size: 192 });
    expect(meta.fiberCount).toBe(distinct.size);
    expect(typeof meta.mpp).toBe("number");
  });

  // Every bad value is covered by parseSynthArgs' unit test; these check the
  // whole path once per kind: exit code 2, the message, and an untouched disk.
  test.each([
    [["--preset", "he-nope"], "--preset must be one of he-ffpe, he-cryo, myopathic, got he-nope"],
    [["--count", "2.5"], "--count must be an integer in [1, 100000], got 2.5"],
    [["--size", "100000"], "--size must be an integer in [64, 16384], got 100000"],
    [["--seed", "-4"], "--seed must be an integer in [0, 4294967295], got -4"],
  ])("%j is refused with exit code 2 and writes nothing", async (override, message) => {
    const outDir = join(root, `bad-${override.join("_").replace(/[^a-z0-9]/gi, "")}`);
    const args: Record<string, string> = {
      "--preset": "he-ffpe",
      "--count": "1",
      "--size": "128",
      "--seed": "1",
      "--out": outDir,
    };
    const extra: string[] = [];
    for (let i = 0; i < override.length; i += 2) {
      const [key = "", value = ""] = [override[i], override[i + 1]];
      if (key in args) args[key] = value;
      else extra.push(key, value);
    }
    const result = await runCli(["synth", ...Object.entries(args).flat(), ...extra]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(existsSync(outDir)).toBe(false);
  });

  test("a missing --out is refused with exit code 2", async () => {
    const result = await runCli([
      "synth",
      "--preset",
      "he-ffpe",
      "--count",
      "1",
      "--size",
      "128",
      "--seed",
      "1",
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--out is required");
  });
});
