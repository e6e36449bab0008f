import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readOnnxMetadataProps } from "./read-onnx-metadata-props.ts";

const MODELS = resolve(import.meta.dirname, "../../../test/fixtures/models");

const text = (s: string) => [...new TextEncoder().encode(s)];
/** A length-delimited field: tag, length, payload. */
const field = (number: number, payload: number[]) => [number * 8 + 2, payload.length, ...payload];
const entry = (key: string, value: string) =>
  field(14, [...field(1, text(key)), ...field(2, text(value))]);

describe("readOnnxMetadataProps(model)", () => {
  it("reads metadata_props (field 14) and skips varint, fixed and nested fields", () => {
    const bytes = new Uint8Array([
      0x08,
      0x08, // ir_version = 8 (varint)
      ...field(2, text("pytorch")), // producer_name
      ...entry("mpp", "0.5"),
      0x59,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8, // field 11, fixed64
      0x65,
      1,
      2,
      3,
      4, // field 12, fixed32
      ...field(7, [...field(1, text("ignored graph"))]), // graph
      ...entry("classes", '["background","fiber","boundary"]'),
    ]);
    expect(readOnnxMetadataProps(bytes)).toEqual({
      mpp: "0.5",
      classes: '["background","fiber","boundary"]',
    });
  });

  it("reads lengths that need a 2-byte varint (a 200-byte value)", () => {
    const value = "x".repeat(200);
    const payload = [...field(1, text("k")), 0x12, 0xc8, 0x01, ...text(value)];
    // 0x72 = field 14, wire type 2, followed by the payload length as a 2-byte varint.
    const bytes = new Uint8Array([
      0x72,
      (payload.length & 0x7f) | 0x80,
      payload.length >> 7,
      ...payload,
    ]);
    expect(readOnnxMetadataProps(bytes)).toEqual({ k: value });
  });

  it("throws RangeError on truncated input", () => {
    const bytes = new Uint8Array(entry("mpp", "0.5")).subarray(0, 6);
    expect(() => readOnnxMetadataProps(bytes)).toThrow(/runs past the end/);
  });

  it("reads the tiny fixture model's metadata as written by make-tiny-model.py", async () => {
    const props = readOnnxMetadataProps(await readFile(resolve(MODELS, "tiny-unet.onnx")));
    expect(JSON.parse(props.classes ?? "")).toEqual(["background", "fiber", "boundary"]);
    expect(Number(props.mpp)).toBeCloseTo(0.5548, 6);
    expect(props.tile_size).toBe("256");
    expect(props.tile_overlap).toBe("64");
    expect(JSON.parse(props.input_normalization ?? "").std).toHaveLength(3);
    expect(props.git_commit).toMatch(/^[0-9a-f]{40}$/);
  });
});
