import { readdirSync } from "node:fs";
import { Readable } from "node:stream";
import { AppError } from "@myoscope/core/errors/app-error";
import {
  type UploadSectionInput,
  uploadSection,
} from "@myoscope/web/server/sections/upload-section";
import { describe, expect, it } from "vitest";
import { getTestDb } from "../../support/db.ts";
import { createTestProject, createTestSubject, createTestUser } from "../../support/factories.ts";
import { readRealImage, STRANGE_2014_JPEG } from "../../support/real-images.ts";
import { createTestDeps } from "../../support/trpc-caller.ts";

async function setUp() {
  const db = getTestDb();
  const deps = createTestDeps();
  const user = await createTestUser(db);
  const project = await createTestProject(db, { ownerId: user.id });
  const subject = await createTestSubject(db, project.id);
  const base = (bytes: Buffer): UploadSectionInput => ({
    projectId: project.id,
    subjectId: subject.id,
    userId: user.id,
    originalFilename: "strange-2014.jpg",
    name: "",
    pixelSizeUm: 0.5,
    stain: "H&E",
    preparation: "ffpe",
    muscles: ["M. soleus"],
    acquisitionNotes: "",
    declaredBytes: bytes.length,
    body: Readable.from([bytes]),
    maxBytes: 10 * 1024 * 1024,
  });
  const countRows = async () => ({
    sections: await db.section.count({ where: { projectId: project.id } }),
    jobs: await db.job.count({ where: { projectId: project.id } }),
  });
  const storedFiles = async () => {
    const root = await deps.storage.localPath("projects");
    try {
      return readdirSync(root, { recursive: true }).filter((p) => String(p).includes("."));
    } catch {
      return [];
    }
  };
  return { db, deps, project, base, countRows, storedFiles };
}

describe("uploadSection(deps, input)", () => {
  it("stores a real JPEG and creates its section and thumbnail job together", async () => {
    const { deps, base, countRows, storedFiles } = await setUp();
    const bytes = await readRealImage(STRANGE_2014_JPEG);
    const { section, jobId } = await uploadSection(deps, base(bytes));
    expect(section).toMatchObject({
      name: "strange-2014.jpg",
      mimeType: "image/jpeg",
      byteSize: bytes.length,
      status: "processing",
      pixelSizeUm: 0.5,
      preparation: "ffpe",
    });
    expect(await countRows()).toEqual({ sections: 1, jobs: 1 });
    const job = await deps.db.job.findUniqueOrThrow({
      where: { id: jobId },
      select: { type: true, status: true },
    });
    expect(job).toEqual({ type: "section.thumbnail", status: "queued" });
    const queued = await (await deps.getQueue()).getJobById("section.thumbnail", jobId);
    expect(queued?.data).toEqual({ sectionId: section.id });
    expect(await storedFiles()).toEqual([expect.stringMatching(/original\.jpg$/)]);
  });

  it("rejects a file that is not an image and keeps no row and no file", async () => {
    const { deps, base, countRows, storedFiles } = await setUp();
    const upload = uploadSection(deps, base(Buffer.from("%PDF-1.7 definitely not a micrograph")));
    await expect(upload).rejects.toThrow(
      new AppError(
        "UNSUPPORTED_MEDIA_TYPE",
        "the file is not a readable image or slide; upload SVS, NDPI, OME-TIFF, TIFF, PNG or JPEG",
      ),
    );
    expect(await countRows()).toEqual({ sections: 0, jobs: 0 });
    expect(await storedFiles()).toEqual([]);
  });

  it("rejects an upload over the limit, declared or streamed, and keeps nothing", async () => {
    const { deps, base, countRows, storedFiles } = await setUp();
    const bytes = await readRealImage(STRANGE_2014_JPEG);
    const declared = { ...base(bytes), maxBytes: 1000 };
    await expect(uploadSection(deps, declared)).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    // A client that lies about (or omits) the length is cut off while streaming.
    const undeclared = { ...base(bytes), maxBytes: 1000, declaredBytes: null };
    await expect(uploadSection(deps, undeclared)).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: "the file is larger than the upload limit of 0 MB",
    });
    expect(await countRows()).toEqual({ sections: 0, jobs: 0 });
    expect(await storedFiles()).toEqual([]);
  });

  it("rejects a zero or negative pixel size before reading the file", async () => {
    const { deps, base, countRows } = await setUp();
    const bytes = await readRealImage(STRANGE_2014_JPEG);
    for (const pixelSizeUm of [0, -1]) {
      const body = Readable.from([bytes]);
      await expect(
        uploadSection(deps, { ...base(bytes), body, pixelSizeUm }),
      ).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: `pixelSizeUm must be greater than 0 µm/px, got ${pixelSizeUm}`,
      });
      expect(body.readableDidRead).toBe(false);
    }
    expect(await countRows()).toEqual({ sections: 0, jobs: 0 });
  });

  it("rejects a subject of another project with NOT_FOUND", async () => {
    const { db, deps, base, countRows } = await setUp();
    const other = await createTestUser(db);
    const otherProject = await createTestProject(db, { ownerId: other.id });
    const foreignSubject = await createTestSubject(db, otherProject.id);
    const bytes = await readRealImage(STRANGE_2014_JPEG);
    await expect(
      uploadSection(deps, { ...base(bytes), subjectId: foreignSubject.id }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await countRows()).toEqual({ sections: 0, jobs: 0 });
  });
});
