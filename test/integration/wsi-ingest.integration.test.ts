/**
 * Whole-slide ingest end to end: real Aperio SVS (JPEG and JPEG 2000), a real
 * Hamamatsu NDPI and TIFFs go through the real upload path (content detection,
 * pixel size from the file, one transaction) and the real ingest job (vips with
 * OpenSlide or sharp), and the served DeepZoom tiles show the source's pixels.
 * Bad files are refused with clear errors and leave no row and no file.
 */
import { createReadStream, readdirSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { withTransaction } from "@myoscope/db/client";
import { sectionThumbnailJob } from "@myoscope/jobs/definitions/section-thumbnail";
import { enqueueJob } from "@myoscope/jobs/enqueue-job";
import type { AppDeps } from "@myoscope/web/server/deps";
import {
  describeSectionTiles,
  readSectionTile,
} from "@myoscope/web/server/sections/read-section-tiles";
import {
  type UploadSectionInput,
  uploadSection,
} from "@myoscope/web/server/sections/upload-section";
import { runVips } from "@myoscope/worker/wsi/run-vips";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  addTestMember,
  createTestProject,
  createTestSubject,
  createTestUser,
} from "../support/factories.ts";
import {
  createJobHarness,
  type JobHarness,
  startTestWorker,
  type TestWorker,
  waitForJob,
} from "../support/job-harness.ts";
import { REAL_DATA_DIR } from "../support/real-images.ts";
import { waitFor } from "../support/wait-for.ts";

const WSI = `${REAL_DATA_DIR}/wsi`;
const CMU_SVS = `${WSI}/aperio/CMU-1-Small-Region.svs`;
const TCGA_SVS = `${WSI}/aperio/tcga-cr-7395-01a-01-ts1.svs`;
const NDPI = `${WSI}/hamamatsu/test3-DAPI-2-387.ndpi`;
const STRANGE_TIFF = `${REAL_DATA_DIR}/he_muscle_strange2014/Strange_2014_4a_high_res.tif`;
const WCCHU_TIFF = `${REAL_DATA_DIR}/he_muscle_wcchu/images/sample_img_02.tif`;

describe("whole-slide ingest", () => {
  let harness: JobHarness;
  let worker: TestWorker;
  let deps: AppDeps;
  let userId: string;
  let projectId: string;
  let subjectId: string;
  let scratch: string;

  beforeAll(async () => {
    harness = await createJobHarness();
    deps = { db: harness.db, getQueue: async () => harness.queue, storage: harness.storage };
    userId = (await createTestUser(harness.db)).id;
    projectId = (await createTestProject(harness.db, { ownerId: userId })).id;
    subjectId = (await createTestSubject(harness.db, projectId)).id;
    worker = await startTestWorker(harness);
    scratch = await mkdtemp(join(tmpdir(), "myoscope-wsi-"));
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await harness?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  function uploadInput(
    path: string,
    pixelSizeUm: number | null,
    body?: Readable,
  ): UploadSectionInput {
    return {
      projectId,
      subjectId,
      userId,
      originalFilename: path.split("/").at(-1) ?? "file",
      name: "",
      pixelSizeUm,
      stain: "H&E",
      preparation: "unknown",
      muscles: [],
      acquisitionNotes: "",
      declaredBytes: null,
      body: body ?? createReadStream(path),
      maxBytes: 64 * 1024 * 1024,
    };
  }

  async function ingest(path: string, pixelSizeUm: number | null = null) {
    const { section, jobId } = await uploadSection(deps, uploadInput(path, pixelSizeUm));
    const job = await waitForJob(
      harness.db,
      jobId,
      (j) => j.status === "succeeded" || j.status === "failed",
      {
        description: `ingest of ${path}`,
        timeoutMs: 90_000,
      },
    );
    expect(job.error).toBeNull();
    return harness.db.section.findUniqueOrThrow({
      where: { id: section.id },
      select: {
        id: true,
        status: true,
        width: true,
        height: true,
        pixelSizeUm: true,
        vendor: true,
        format: true,
        tileSize: true,
        pyramidKey: true,
        properties: true,
      },
    });
  }

  /** Decodes a tile through the serving function and the same region of the source. */
  async function compareTile(
    section: { id: string; width: number | null; height: number | null },
    sourcePath: string,
    tile: { col: number; row: number },
    isVendorSlide: boolean,
  ) {
    const level = Math.ceil(Math.log2(Math.max(section.width ?? 0, section.height ?? 0)));
    const served = await readSectionTile(deps, {
      projectId,
      sectionId: section.id,
      userId,
      level,
      ...tile,
    });
    const decoded = await sharp(served.body)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const { width, height } = decoded.info;
    const left = tile.col * 256;
    const top = tile.row * 256;
    let reference: Buffer;
    if (isVendorSlide) {
      const out = join(scratch, `ref-${section.id}-${tile.col}-${tile.row}.png`);
      // Decoded independently of the pyramid: OpenSlide's level 0, cropped by vips.
      await runVips("vips", [
        "crop",
        `${sourcePath}[rgb]`,
        out,
        String(left),
        String(top),
        String(width),
        String(height),
      ]);
      reference = await sharp(out).removeAlpha().raw().toBuffer();
    } else {
      reference = await sharp(sourcePath)
        .extract({ left, top, width, height })
        .removeAlpha()
        .raw()
        .toBuffer();
    }
    expect(reference.length).toBe(decoded.data.length);
    // JPEG's own error on these pixels: the tile may differ by no more than a
    // quality-85 round trip of the same region (noisy TIFFs lose ~4 grey levels).
    const roundTrip = await sharp(reference, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer()
      .then((jpeg) => sharp(jpeg).raw().toBuffer());
    return {
      meanAbsDiff: meanAbsDiff(reference, decoded.data),
      tolerance: Math.max(3, meanAbsDiff(reference, roundTrip) + 1),
      width,
      height,
      etag: served.etag,
    };
  }

  function expectSamePixels(result: { meanAbsDiff: number; tolerance: number }) {
    expect(result.meanAbsDiff).toBeLessThan(result.tolerance);
  }

  test("an Aperio SVS (JPEG) keeps its 0.499 µm/px and its tiles show the slide's pixels", async () => {
    const section = await ingest(CMU_SVS);
    expect(section).toMatchObject({
      status: "ready",
      width: 2220,
      height: 2967,
      pixelSizeUm: 0.499,
      vendor: "aperio",
      format: "svs",
      tileSize: 256,
    });
    expect(section.properties).toMatchObject({
      objectivePower: 20,
      pixelSizeSource: "file",
      scanner: "CPAPERIOCS",
    });
    const inner = await compareTile(section, CMU_SVS, { col: 3, row: 5 }, true);
    expectSamePixels(inner);
    // The last column and row are partial tiles: 2220 = 8·256 + 172, 2967 = 11·256 + 151.
    const corner = await compareTile(section, CMU_SVS, { col: 8, row: 11 }, true);
    expect({ width: corner.width, height: corner.height }).toEqual({ width: 172, height: 151 });
    expectSamePixels(corner);
    const thumbnail = await sharp(
      await harness.storage.get(`projects/${projectId}/sections/${section.id}/thumbnail.png`),
    ).metadata();
    expect(Math.max(thumbnail.width ?? 0, thumbnail.height ?? 0)).toBe(512);
  });

  test("an Aperio SVS in JPEG 2000 without a recorded pixel size needs one, then ingests", async () => {
    await expect(uploadSection(deps, uploadInput(TCGA_SVS, null))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "this svs file does not record its pixel size; enter the pixel size (µm/px)",
    });
    const section = await ingest(TCGA_SVS, 0.25);
    expect(section).toMatchObject({
      status: "ready",
      width: 4443,
      height: 3567,
      pixelSizeUm: 0.25,
      vendor: "aperio",
    });
    expect((section.properties as { levels: unknown[] }).levels).toHaveLength(2);
    expectSamePixels(await compareTile(section, TCGA_SVS, { col: 10, row: 7 }, true));
  });

  test("a Hamamatsu NDPI reads 0.228 µm/px and 7 levels from the file", async () => {
    const section = await ingest(NDPI);
    expect(section).toMatchObject({
      status: "ready",
      width: 3968,
      height: 4864,
      vendor: "hamamatsu",
      format: "ndpi",
    });
    expect(section.pixelSizeUm).toBeCloseTo(0.22818, 5);
    expect((section.properties as { levels: unknown[] }).levels).toHaveLength(7);
    expect((await compareTile(section, NDPI, { col: 7, row: 9 }, true)).meanAbsDiff).toBeLessThan(
      3,
    );
  });

  test("a tiled pyramidal TIFF made with sharp keeps the resolution it declares", async () => {
    const path = join(scratch, "pyramidal.tif");
    // 0.5 µm/px = 2000 px/mm = 50 800 dpi.
    await sharp(WCCHU_TIFF)
      .withMetadata({ density: 50_800 })
      .tiff({
        tile: true,
        tileWidth: 256,
        tileHeight: 256,
        pyramid: true,
        compression: "jpeg",
        quality: 95,
      })
      .toFile(path);
    const section = await ingest(path);
    expect(section).toMatchObject({ status: "ready", width: 1002, height: 1002 });
    expect(section.pixelSizeUm).toBeCloseTo(0.5, 3);
    expect((await compareTile(section, path, { col: 1, row: 2 }, false)).meanAbsDiff).toBeLessThan(
      3,
    );
  });

  test("a plain ImageJ TIFF gets its calibrated pixel size, and a given value overrides it", async () => {
    const fromFile = await ingest(STRANGE_TIFF);
    expect(fromFile).toMatchObject({
      status: "ready",
      width: 1152,
      height: 908,
      vendor: "generic-tiff",
    });
    expect(fromFile.pixelSizeUm).toBeCloseTo(1 / 0.968, 4);
    expectSamePixels(await compareTile(fromFile, STRANGE_TIFF, { col: 4, row: 3 }, false));
    const overridden = await ingest(STRANGE_TIFF, 0.66);
    expect(overridden.pixelSizeUm).toBe(0.66);
    expect(overridden.properties).toMatchObject({ pixelSizeSource: "upload" });
  });

  test("ingesting again publishes a new pyramid version and deletes the replaced one", async () => {
    const first = await ingest(STRANGE_TIFF, 0.5);
    const info = () => describeSectionTiles(deps, { projectId, sectionId: first.id, userId });
    const before = await info();
    const job = await withTransaction(harness.db, (tx) =>
      enqueueJob(
        tx,
        harness.queue,
        sectionThumbnailJob,
        { sectionId: first.id },
        {
          projectId,
          createdById: userId,
        },
      ),
    );
    await waitForJob(harness.db, job.id, (j) => j.status === "succeeded", {
      description: "the second ingest",
      timeoutMs: 90_000,
    });
    const after = await harness.db.section.findUniqueOrThrow({
      where: { id: first.id },
      select: { pyramidKey: true, status: true },
    });
    expect(after.status).toBe("ready");
    expect(after.pyramidKey).not.toBe(first.pyramidKey);
    expect((await info()).version).not.toBe(before.version);
    expect(await harness.storage.exists(`${after.pyramidKey}.dzi`)).toBe(true);
    // The old version goes right after the commit.
    await waitFor(
      async () => ((await harness.storage.exists(`${first.pyramidKey}.dzi`)) ? undefined : true),
      { description: "the replaced pyramid to be deleted" },
    );
  });

  describe("bad input", () => {
    async function expectNothingLeft() {
      const root = await harness.storage.localPath(`projects/${projectId}/sections`);
      const leftovers = readdirSync(root, { recursive: true }).filter((p) =>
        /upload\.bin|partial/.test(String(p)),
      );
      expect(leftovers).toEqual([]);
    }

    async function sectionCount() {
      return harness.db.section.count({ where: { projectId } });
    }

    test("a truncated SVS is refused as truncated, at any cut", async () => {
      const bytes = await readFile(TCGA_SVS);
      const before = await sectionCount();
      for (const fraction of [0.9, 0.5]) {
        const cut = Readable.from([bytes.subarray(0, Math.floor(bytes.length * fraction))]);
        await expect(uploadSection(deps, uploadInput("cut.svs", 0.25, cut))).rejects.toMatchObject({
          code: "BAD_REQUEST",
          message: expect.stringMatching(
            /^the file is truncated: .* ends at byte \d+, but the file has only \d+ bytes; upload the complete file$/,
          ),
        });
      }
      const head = Readable.from([bytes.subarray(0, 4096)]);
      await expect(uploadSection(deps, uploadInput("head.svs", 0.25, head))).rejects.toMatchObject({
        message: expect.stringMatching(/^the file is truncated/),
      });
      expect(await sectionCount()).toBe(before);
      await expectNothingLeft();
    });

    test("a text file named .svs is not a slide", async () => {
      const before = await sectionCount();
      const fake = Readable.from([
        Buffer.from("Aperio Image Library v11 — not really a slide\n".repeat(50)),
      ]);
      await expect(uploadSection(deps, uploadInput("fake.svs", 0.25, fake))).rejects.toMatchObject({
        code: "UNSUPPORTED_MEDIA_TYPE",
        message:
          "the file is not a readable image or slide; upload SVS, NDPI, OME-TIFF, TIFF, PNG or JPEG",
      });
      expect(await sectionCount()).toBe(before);
      await expectNothingLeft();
    });

    test("a tiny TIFF whose header claims 200 000 × 200 000 px is refused before decoding", async () => {
      const before = await sectionCount();
      const huge = Readable.from([craftHugeTiff(200_000, 200_000)]);
      await expect(uploadSection(deps, uploadInput("huge.tif", 0.25, huge))).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message:
          "the image is too large: width × height must be at most 12.0 gigapixels, got 200000 × 200000 (40.0 gigapixels)",
      });
      expect(await sectionCount()).toBe(before);
      await expectNothingLeft();
    });

    test("an impossible pixel size is refused before the file is read", async () => {
      const before = await sectionCount();
      for (const pixelSizeUm of [0, -0.25, 500]) {
        const body = createReadStream(CMU_SVS);
        await expect(
          uploadSection(deps, uploadInput(CMU_SVS, pixelSizeUm, body)),
        ).rejects.toMatchObject({
          code: "BAD_REQUEST",
          message: expect.stringMatching(/^pixelSizeUm must /),
        });
        expect(body.bytesRead).toBe(0);
        body.destroy();
      }
      expect(await sectionCount()).toBe(before);
    });
  });

  describe("tile access", () => {
    test("only members read tiles; other projects' ids and tiles outside the pyramid miss", async () => {
      const section = await ingest(STRANGE_TIFF, 0.5);
      const tile = { level: 11, col: 0, row: 0 };
      const outsider = (await createTestUser(harness.db)).id;
      const otherProject = (await createTestProject(harness.db, { ownerId: outsider })).id;
      const viewer = (await createTestUser(harness.db)).id;
      await addTestMember(harness.db, { projectId, userId: viewer, role: "viewer" });

      const asViewer = await readSectionTile(deps, {
        projectId,
        sectionId: section.id,
        userId: viewer,
        ...tile,
      });
      expect(asViewer.body.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      await expect(
        readSectionTile(deps, { projectId, sectionId: section.id, userId: outsider, ...tile }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
      // The outsider's own project, with this project's section id guessed into it.
      await expect(
        readSectionTile(deps, {
          projectId: otherProject,
          sectionId: section.id,
          userId: outsider,
          ...tile,
        }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
      for (const outside of [
        { level: 12, col: 0, row: 0 },
        { level: 11, col: 5, row: 0 },
        { level: 11, col: 0, row: 4 },
      ]) {
        await expect(
          readSectionTile(deps, { projectId, sectionId: section.id, userId, ...outside }),
        ).rejects.toMatchObject({ code: "NOT_FOUND" });
      }
    });
  });
});

function meanAbsDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

/** A valid little-endian TIFF header of one 1-byte strip that claims `width` × `height` px. */
function craftHugeTiff(width: number, height: number): Buffer {
  const entries: Array<[number, number, number]> = [
    [256, 4, width],
    [257, 4, height],
    [258, 3, 8],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, 0],
    [277, 3, 1],
    [278, 4, height],
    [279, 4, 1],
  ];
  const ifd = 8;
  const dataAt = ifd + 2 + entries.length * 12 + 4;
  const bytes = Buffer.alloc(dataAt + 1);
  bytes.write("II", 0, "latin1");
  bytes.writeUInt16LE(42, 2);
  bytes.writeUInt32LE(ifd, 4);
  bytes.writeUInt16LE(entries.length, ifd);
  entries.forEach(([tag, type, value], i) => {
    const at = ifd + 2 + i * 12;
    bytes.writeUInt16LE(tag, at);
    bytes.writeUInt16LE(type, at + 2);
    bytes.writeUInt32LE(1, at + 4);
    if (type === 3) bytes.writeUInt16LE(value, at + 8);
    else bytes.writeUInt32LE(tag === 273 ? dataAt : value, at + 8);
  });
  return bytes;
}
