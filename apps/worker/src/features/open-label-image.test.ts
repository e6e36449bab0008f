import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LabelImageError, openLabelImage } from "./open-label-image.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../../../..");
const REAL = resolve(REPO_ROOT, "../shared/data/real");

/** A minimal uncompressed one-strip TIFF of 32-bit labels (SampleFormat 1 = uint, 2 = int). */
function encodeTiff32(labels: Uint32Array | Int32Array, width: number, height: number): Buffer {
  const entries: [tag: number, type: number, value: number][] = [
    [256, 4, width],
    [257, 4, height],
    [258, 3, 32],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, 0],
    [277, 3, 1],
    [278, 4, height],
    [279, 4, labels.byteLength],
    [339, 3, labels instanceof Int32Array ? 2 : 1],
  ];
  const dataOffset = 8 + 2 + 12 * entries.length + 4;
  const out = Buffer.alloc(dataOffset + labels.byteLength);
  out.write("II", 0, "latin1");
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, value], i) => {
    const at = 10 + 12 * i;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(1, at + 4);
    const v = tag === 273 ? dataOffset : value;
    if (type === 3) out.writeUInt16LE(v, at + 8);
    else out.writeUInt32LE(v, at + 8);
  });
  Buffer.from(labels.buffer, labels.byteOffset, labels.byteLength).copy(out, dataOffset);
  return out;
}

async function readAll(path: string, options: Parameters<typeof openLabelImage>[1] = {}) {
  const image = await openLabelImage(path, options);
  try {
    const parts: number[] = [];
    for (let y0 = 0; y0 < image.height; y0 += 3) {
      parts.push(...(await image.readRows(y0, Math.min(3, image.height - y0))));
    }
    return { image, values: parts };
  } finally {
    await image.close();
  }
}

describe("openLabelImage(path, options)", () => {
  let dir: string;
  const width = 7;
  const height = 5;
  const pattern = (i: number) => (i * 2654435761) % 9;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "open-label-image-test-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads 8-bit PNG labels back row by row, in memory and through a temporary file", async () => {
    const labels = Uint8Array.from({ length: width * height }, (_, i) => pattern(i));
    const path = join(dir, "labels8.png");
    await sharp(labels, { raw: { width, height, channels: 1 } })
      .toColourspace("b-w")
      .png()
      .toFile(path);
    for (const inMemoryLimitBytes of [Number.POSITIVE_INFINITY, 0]) {
      const { image, values } = await readAll(path, { inMemoryLimitBytes, tempDir: dir });
      expect([image.width, image.height, image.depth]).toEqual([width, height, "uchar"]);
      expect(values).toEqual(Array.from(labels));
    }
    // close() removed the temporary file.
    expect((await readdir(dir)).filter((name) => name.startsWith("myoscope-labels-"))).toEqual([]);
  });

  it("keeps 16-bit labels of a real Cellpose PNG", async () => {
    const path = resolve(REAL, "he_muscle_wcchu/masks_cellpose/sample_img_02_cp_masks.png");
    const image = await openLabelImage(path, { inMemoryLimitBytes: 0, tempDir: dir });
    try {
      expect(image.depth).toBe("ushort");
      const rows = await image.readRows(0, image.height);
      expect(rows).toBeInstanceOf(Uint16Array);
      // Labels 0…55 (the tile's 55 Cellpose fibers and background).
      expect(new Set(rows).size).toBe(56);
    } finally {
      await image.close();
    }
  });

  it("keeps 32-bit unsigned and signed labels above 65535 (TIFF)", async () => {
    const big = Uint32Array.from({ length: width * height }, (_, i) =>
      i % 3 === 0 ? 0 : 4_000_000_000 + i,
    );
    const signed = Int32Array.from({ length: width * height }, (_, i) =>
      i % 3 === 0 ? 0 : 123_456_789 + i,
    );
    for (const [name, labels, depth] of [
      ["u32.tif", big, "uint"],
      ["i32.tif", signed, "int"],
    ] as const) {
      const path = join(dir, name);
      await writeFile(path, encodeTiff32(labels, width, height));
      for (const inMemoryLimitBytes of [Number.POSITIVE_INFINITY, 0]) {
        const { image, values } = await readAll(path, { inMemoryLimitBytes, tempDir: dir });
        expect(image.depth).toBe(depth);
        expect(values).toEqual(Array.from(labels));
      }
    }
  });

  it("fails with LabelImageError naming the problem for missing, corrupt, truncated and colour files", async () => {
    await expect(openLabelImage(join(dir, "nope.png"))).rejects.toThrow(
      /label image not found: .*nope.png/,
    );
    const garbage = join(dir, "garbage.png");
    await writeFile(garbage, Buffer.from("definitely not an image"));
    await expect(openLabelImage(garbage)).rejects.toThrow(LabelImageError);
    await expect(openLabelImage(garbage)).rejects.toThrow(/cannot read label image/);

    const whole = await sharp(
      Uint16Array.from({ length: 200 * 200 }, (_, i) => i % 1000),
      {
        raw: { width: 200, height: 200, channels: 1 },
      },
    )
      .toColourspace("grey16")
      .png({ compressionLevel: 0 })
      .toBuffer();
    const truncated = join(dir, "truncated.png");
    await writeFile(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(openLabelImage(truncated).then((image) => image.close())).rejects.toThrow(
      LabelImageError,
    );

    const rgb = resolve(REAL, "he_muscle_wcchu/images/sample_img_02.tif");
    await expect(openLabelImage(rgb)).rejects.toThrow(/one channel of labels, got 3 channels/);
  });
});
