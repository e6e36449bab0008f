/**
 * Resumable uploads of a real whole-slide file: chunks at offsets, a dropped
 * connection mid-chunk that loses nothing already received, resuming from the
 * server's offset, completion into a section with the file's own pixel size,
 * and a refused file that leaves neither a section nor the chunks.
 */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import {
  abortUpload,
  appendUploadChunk,
  completeUpload,
  createUpload,
  readUpload,
  type UploadMetadata,
} from "@myoscope/web/server/sections/chunked-upload";
import { describe, expect, it } from "vitest";
import { getTestDb } from "../support/db.ts";
import { createTestProject, createTestSubject, createTestUser } from "../support/factories.ts";
import { REAL_DATA_DIR } from "../support/real-images.ts";
import { createTestDeps } from "../support/trpc-caller.ts";

const NDPI = `${REAL_DATA_DIR}/wsi/hamamatsu/test3-DAPI-2-387.ndpi`;
const CHUNK = 1024 * 1024;
const MAX_BYTES = 64 * 1024 * 1024;

async function setUp() {
  const db = getTestDb();
  const deps = createTestDeps();
  const userId = (await createTestUser(db)).id;
  const projectId = (await createTestProject(db, { ownerId: userId })).id;
  const subjectId = (await createTestSubject(db, projectId)).id;
  const metadata: UploadMetadata = {
    subjectId,
    filename: "slide.ndpi",
    pixelSizeUm: null,
    name: "",
    stain: "DAPI",
    preparation: "cryo",
    muscles: [],
    acquisitionNotes: "",
  };
  const storedFiles = async () => {
    try {
      const root = await deps.storage.localPath(`projects/${projectId}`);
      return readdirSync(root, { recursive: true })
        .map(String)
        .filter((p) => p.includes("."));
    } catch {
      return [];
    }
  };
  return { db, deps, userId, projectId, metadata, storedFiles };
}

/** A body that delivers `bytes` in pieces and then breaks, as a dropped connection does. */
function brokenBody(bytes: Buffer, deliverBytes: number): Readable {
  return Readable.from(
    (async function* () {
      yield bytes.subarray(0, deliverBytes);
      throw new Error("socket hang up");
    })(),
  );
}

describe("resumable uploads", () => {
  it("survives a dropped chunk, resumes at the server's offset and completes into a section", async () => {
    const { db, deps, userId, projectId, metadata, storedFiles } = await setUp();
    const bytes = await readFile(NDPI);
    const ref = { projectId, userId };
    const created = await createUpload(deps, {
      ...ref,
      totalBytes: bytes.length,
      maxBytes: MAX_BYTES,
      metadata,
    });
    const uploadId = created.uploadId;
    expect(created).toMatchObject({ totalBytes: bytes.length, receivedBytes: 0 });

    await appendUploadChunk(deps, {
      ...ref,
      uploadId,
      offset: 0,
      declaredBytes: CHUNK,
      body: Readable.from([bytes.subarray(0, CHUNK)]),
    });
    // The second chunk's connection drops half-way: nothing of it is kept.
    await expect(
      appendUploadChunk(deps, {
        ...ref,
        uploadId,
        offset: CHUNK,
        declaredBytes: CHUNK,
        body: brokenBody(bytes.subarray(CHUNK, 2 * CHUNK), CHUNK / 2),
      }),
    ).rejects.toThrow("socket hang up");
    expect((await readUpload(deps, { ...ref, uploadId })).receivedBytes).toBe(CHUNK);
    expect((await storedFiles()).filter((p) => p.includes("chunk-"))).toHaveLength(1);

    // A client retrying a chunk whose response it lost sends the same offset twice at once:
    // one request counts, the other is told to resume, and no bytes are stored twice.
    const retried = await Promise.allSettled(
      [0, 1].map(() =>
        appendUploadChunk(deps, {
          ...ref,
          uploadId,
          offset: CHUNK,
          declaredBytes: CHUNK,
          body: Readable.from([bytes.subarray(CHUNK, 2 * CHUNK)]),
        }),
      ),
    );
    expect(retried.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = retried.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({
      code: "CONFLICT",
      message: `offset must be ${2 * CHUNK} (the bytes received so far), got ${CHUNK}`,
    });
    expect((await readUpload(deps, { ...ref, uploadId })).receivedBytes).toBe(2 * CHUNK);
    expect((await storedFiles()).filter((p) => p.includes("chunk-"))).toHaveLength(2);

    // A stale client that skips ahead is told where to resume.
    await expect(
      appendUploadChunk(deps, {
        ...ref,
        uploadId,
        offset: 3 * CHUNK,
        declaredBytes: null,
        body: Readable.from([bytes.subarray(3 * CHUNK)]),
      }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: `offset must be ${2 * CHUNK} (the bytes received so far), got ${3 * CHUNK}`,
    });

    let progress = await readUpload(deps, { ...ref, uploadId });
    while (progress.receivedBytes < bytes.length) {
      const chunk = bytes.subarray(progress.receivedBytes, progress.receivedBytes + CHUNK);
      progress = await appendUploadChunk(deps, {
        ...ref,
        uploadId,
        offset: progress.receivedBytes,
        declaredBytes: chunk.length,
        body: Readable.from([chunk]),
      });
    }

    const { section, jobId } = await completeUpload(deps, {
      ...ref,
      uploadId,
      maxBytes: MAX_BYTES,
    });
    const row = await db.section.findUniqueOrThrow({
      where: { id: section.id },
      select: { sha256: true, byteSize: true, vendor: true, pixelSizeUm: true, storageKey: true },
    });
    expect(row).toMatchObject({ byteSize: BigInt(bytes.length), vendor: "hamamatsu" });
    expect(row.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(row.pixelSizeUm).toBeCloseTo(0.22818, 5);
    expect(row.storageKey).toMatch(/original\.ndpi$/);
    expect(
      await db.job.findUniqueOrThrow({ where: { id: jobId }, select: { type: true } }),
    ).toEqual({
      type: "section.thumbnail",
    });
    // The session and its chunks are gone; only the section's original remains.
    await expect(readUpload(deps, { ...ref, uploadId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await storedFiles()).toEqual([expect.stringMatching(/original\.ndpi$/)]);
  });

  it("turns an upload completed twice at once into one section; the other call gets CONFLICT", async () => {
    const { db, deps, userId, projectId, metadata } = await setUp();
    const bytes = await readFile(NDPI);
    const ref = { projectId, userId };
    const { uploadId } = await createUpload(deps, {
      ...ref,
      totalBytes: bytes.length,
      maxBytes: MAX_BYTES,
      metadata,
    });
    await appendUploadChunk(deps, {
      ...ref,
      uploadId,
      offset: 0,
      declaredBytes: bytes.length,
      body: Readable.from([bytes]),
    });
    const results = await Promise.allSettled([
      completeUpload(deps, { ...ref, uploadId, maxBytes: MAX_BYTES }),
      completeUpload(deps, { ...ref, uploadId, maxBytes: MAX_BYTES }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: expect.stringMatching(/CONFLICT|NOT_FOUND/) });
    expect(await db.section.count({ where: { projectId } })).toBe(1);
  });

  it("hides an upload from every other user", async () => {
    const { db, deps, userId, projectId, metadata } = await setUp();
    const { uploadId } = await createUpload(deps, {
      projectId,
      userId,
      totalBytes: 10,
      maxBytes: MAX_BYTES,
      metadata,
    });
    const other = (await createTestUser(db)).id;
    await expect(readUpload(deps, { projectId, userId: other, uploadId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(abortUpload(deps, { projectId, userId: other, uploadId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await abortUpload(deps, { projectId, userId, uploadId });
  });

  it("refuses a fake slide on completion and keeps neither a section nor the chunks", async () => {
    const { db, deps, userId, projectId, metadata, storedFiles } = await setUp();
    const fake = Buffer.from("II*\0 this is not a slide at all ".repeat(100));
    const ref = { projectId, userId };
    const { uploadId } = await createUpload(deps, {
      ...ref,
      totalBytes: fake.length,
      maxBytes: MAX_BYTES,
      metadata: { ...metadata, pixelSizeUm: 0.5, filename: "fake.svs" },
    });
    await appendUploadChunk(deps, {
      ...ref,
      uploadId,
      offset: 0,
      declaredBytes: fake.length,
      body: Readable.from([fake]),
    });
    await expect(
      completeUpload(deps, { ...ref, uploadId, maxBytes: MAX_BYTES }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^the file is truncated/),
    });
    expect(await db.section.count({ where: { projectId } })).toBe(0);
    expect(await storedFiles()).toEqual([]);
  });

  it("refuses a declared size over the limit and a bad pixel size before any byte is sent", async () => {
    const { deps, userId, projectId, metadata, storedFiles } = await setUp();
    await expect(
      createUpload(deps, {
        projectId,
        userId,
        totalBytes: MAX_BYTES + 1,
        maxBytes: MAX_BYTES,
        metadata,
      }),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    await expect(
      createUpload(deps, {
        projectId,
        userId,
        totalBytes: 10,
        maxBytes: MAX_BYTES,
        metadata: { ...metadata, pixelSizeUm: 0 },
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "pixelSizeUm must be greater than 0 µm/px, got 0",
    });
    expect(await storedFiles()).toEqual([]);
  });
});
