/**
 * @module annotations/decode-imagej-roi
 * Reads an ImageJ/Fiji `.roi` file (one entry of a RoiSet.zip) into a polygon
 * in level-0 pixel-corner coordinates, as the ROI Manager saves them. The byte
 * layout follows ImageJ's `ij/io/RoiDecoder.java` (W. Rasband, public domain):
 * a 64-byte big-endian header ("Iout", version, type, bounds, vertex count,
 * options at 50), then the vertices as shorts relative to the bounds' top-left
 * corner (x values, then y values), and, with the sub-pixel option (version
 * ≥ 222), the same vertices again as absolute floats after them.
 *
 * Area ROIs become polygons: polygon, freehand and traced outlines as they
 * are, rectangles as their four corners, ovals as the polygon through 72 points
 * of the inscribed ellipse. Lines, points and composite shapes hold no area and
 * are refused.
 */

export type ImageJRoiType = "polygon" | "rectangle" | "oval" | "freehand" | "traced";

export interface ImageJRoi {
  type: ImageJRoiType;
  /** Vertices in pixel-corner coordinates (x right, y down), not repeated at the end. */
  points: [number, number][];
}

const TYPE_NAMES: Record<number, ImageJRoiType | string> = {
  0: "polygon",
  1: "rectangle",
  2: "oval",
  3: "line",
  4: "freeline",
  5: "polyline",
  6: "no ROI",
  7: "freehand",
  8: "traced",
  9: "angle",
  10: "point",
};
const AREA_TYPES = new Set(["polygon", "rectangle", "oval", "freehand", "traced"]);
const SUB_PIXEL_RESOLUTION = 128;
const HEADER_BYTES = 64;
/** Vertices of an oval's polygon. */
const OVAL_POINTS = 72;

/**
 * Decodes one `.roi` file.
 * @throws RangeError naming what is wrong: not an ImageJ ROI, truncated, or a ROI without area.
 */
export function decodeImageJRoi(bytes: Uint8Array): ImageJRoi {
  if (bytes.length < HEADER_BYTES || bytes[0] !== 73 || bytes[1] !== 111) {
    throw new RangeError(
      `bytes must be an ImageJ ROI (starting with "Iout", at least 64 bytes), got ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // ImageJ reads shorts below −5000 as unsigned: coordinates past 32767.
  const readShort = (offset: number) => {
    const value = view.getInt16(offset);
    return value < -5000 ? view.getUint16(offset) : value;
  };
  const version = view.getInt16(4);
  const typeCode = view.getUint8(6);
  const top = readShort(8);
  const left = readShort(10);
  const bottom = readShort(12);
  const right = readShort(14);
  // Outlines of more than 65,535 vertices store 0 here and the count as an int at 18.
  const count = view.getUint16(16) || (bytes.length >= 22 ? Math.max(0, view.getInt32(18)) : 0);
  const options = view.getInt16(50);
  const isComposite = view.getInt32(36) > 0;
  const type = TYPE_NAMES[typeCode] ?? `unknown (${typeCode})`;
  if (isComposite || !AREA_TYPES.has(type)) {
    throw new RangeError(
      `the ROI must enclose an area (polygon, rectangle, oval, freehand or traced), got ${isComposite ? "a composite shape" : type}`,
    );
  }
  const roiType = type as ImageJRoiType;
  if (roiType === "rectangle") {
    return {
      type: roiType,
      points: [
        [left, top],
        [right, top],
        [right, bottom],
        [left, bottom],
      ],
    };
  }
  if (roiType === "oval") {
    const cx = (left + right) / 2;
    const cy = (top + bottom) / 2;
    const rx = (right - left) / 2;
    const ry = (bottom - top) / 2;
    const points: [number, number][] = [];
    for (let k = 0; k < OVAL_POINTS; k++) {
      const angle = (2 * Math.PI * k) / OVAL_POINTS;
      points.push([cx + rx * Math.cos(angle), cy + ry * Math.sin(angle)]);
    }
    return { type: roiType, points };
  }
  const isSubPixel = version >= 222 && (options & SUB_PIXEL_RESOLUTION) !== 0;
  const needed = HEADER_BYTES + count * (isSubPixel ? 12 : 4);
  if (count < 3 || bytes.length < needed) {
    throw new RangeError(
      `the ROI must hold at least 3 vertices in ${needed} bytes, got ${count} vertices in ${bytes.length} bytes`,
    );
  }
  const points: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    if (isSubPixel) {
      const base = HEADER_BYTES + 4 * count;
      points.push([view.getFloat32(base + 4 * i), view.getFloat32(base + 4 * (count + i))]);
    } else {
      points.push([
        left + Math.max(0, readShort(HEADER_BYTES + 2 * i)),
        top + Math.max(0, readShort(HEADER_BYTES + 2 * (count + i))),
      ]);
    }
  }
  return { type: roiType, points };
}
