/**
 * @module segmentation/read-onnx-metadata-props
 * Reads `ModelProto.metadata_props` from a serialized ONNX model. onnxruntime-node
 * 1.30 exposes input/output metadata but not the model's custom metadata, so this
 * walks the top level of the protobuf itself: a varint / length-delimited reader that
 * skips every field except 14.
 *
 * Field numbers from onnx/onnx.proto (ONNX 1.12): ModelProto.metadata_props = 14
 * (repeated StringStringEntryProto); StringStringEntryProto.key = 1, .value = 2.
 * Wire format from the protocol buffers encoding guide: wire type 0 varint,
 * 1 fixed64, 2 length-delimited, 5 fixed32 (3/4, groups, are not used by ONNX).
 */

const METADATA_PROPS_FIELD = 14;
const ENTRY_KEY_FIELD = 1;
const ENTRY_VALUE_FIELD = 2;

interface Cursor {
  bytes: Uint8Array;
  offset: number;
  end: number;
}

/** Varints above 2^53 do not occur in the lengths and tags read here; they are rejected. */
function readVarint(cursor: Cursor): number {
  let value = 0;
  let multiplier = 1;
  for (let i = 0; i < 10; i++) {
    if (cursor.offset >= cursor.end) throw new RangeError("truncated varint");
    const byte = cursor.bytes[cursor.offset++] ?? 0;
    value += (byte & 0x7f) * multiplier;
    if (byte < 0x80) {
      if (!Number.isSafeInteger(value)) throw new RangeError("varint exceeds 2^53");
      return value;
    }
    multiplier *= 128;
  }
  throw new RangeError("varint longer than 10 bytes");
}

function readLengthDelimited(cursor: Cursor): Cursor {
  const length = readVarint(cursor);
  const start = cursor.offset;
  if (start + length > cursor.end) {
    throw new RangeError(`length-delimited field of ${length} bytes runs past the end`);
  }
  cursor.offset = start + length;
  return { bytes: cursor.bytes, offset: start, end: start + length };
}

function skipField(cursor: Cursor, wireType: number): void {
  switch (wireType) {
    case 0:
      readVarint(cursor);
      return;
    case 1:
      cursor.offset += 8;
      break;
    case 2:
      readLengthDelimited(cursor);
      return;
    case 5:
      cursor.offset += 4;
      break;
    default:
      throw new RangeError(`unsupported protobuf wire type ${wireType}`);
  }
  if (cursor.offset > cursor.end) throw new RangeError("truncated fixed-width field");
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function readEntry(cursor: Cursor): [string, string] {
  let key = "";
  let value = "";
  while (cursor.offset < cursor.end) {
    const tag = readVarint(cursor);
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (wireType === 2 && (field === ENTRY_KEY_FIELD || field === ENTRY_VALUE_FIELD)) {
      const text = readLengthDelimited(cursor);
      const decoded = utf8.decode(text.bytes.subarray(text.offset, text.end));
      if (field === ENTRY_KEY_FIELD) key = decoded;
      else value = decoded;
    } else {
      skipField(cursor, wireType);
    }
  }
  return [key, value];
}

/**
 * Returns the model's `metadata_props` as a plain object (a later duplicate key wins,
 * as protobuf merging would). Throws `RangeError` when the bytes are not a
 * well-formed protobuf message.
 */
export function readOnnxMetadataProps(model: Uint8Array): Record<string, string> {
  const cursor: Cursor = { bytes: model, offset: 0, end: model.length };
  const props: Record<string, string> = {};
  while (cursor.offset < cursor.end) {
    const tag = readVarint(cursor);
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0)
      throw new RangeError(`invalid protobuf field number 0 at byte ${cursor.offset}`);
    if (field === METADATA_PROPS_FIELD && wireType === 2) {
      const [key, value] = readEntry(readLengthDelimited(cursor));
      props[key] = value;
    } else {
      skipField(cursor, wireType);
    }
  }
  return props;
}
