/**
 * @module geometry/encode-contour
 * The stored form of a fiber's outline (`fibers.contour`): the polygon's
 * vertices in pixel-corner coordinates, no closing point, delta-coded as
 * zigzag varints. Vertices in the middle of straight runs are dropped, so a
 * traced outline keeps only its corners.
 */

/** Removes vertices lying on the straight line between their neighbours. */
export function removeCollinearVertices(polygon: Int32Array): Int32Array {
  const n = polygon.length / 2;
  if (!Number.isInteger(n)) {
    throw new RangeError(`polygon must hold x, y pairs, got ${polygon.length} values`);
  }
  if (n < 3) return polygon.slice();
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = (i + n - 1) % n;
    const q = (i + 1) % n;
    const ax = (polygon[2 * i] as number) - (polygon[2 * p] as number);
    const ay = (polygon[2 * i + 1] as number) - (polygon[2 * p + 1] as number);
    const bx = (polygon[2 * q] as number) - (polygon[2 * i] as number);
    const by = (polygon[2 * q + 1] as number) - (polygon[2 * i + 1] as number);
    // Collinear and going on in the same direction (a spike back is a real vertex).
    if (ax * by - ay * bx === 0 && ax * bx + ay * by > 0) continue;
    // Repeated points carry nothing either.
    if (ax === 0 && ay === 0) continue;
    kept.push(polygon[2 * i] as number, polygon[2 * i + 1] as number);
  }
  return Int32Array.from(kept);
}

/**
 * `removeCollinearVertices(polygon)` as bytes: the first vertex, then each
 * vertex's difference from the previous one, every number as a zigzag LEB128
 * varint (the encoding of protocol buffers' sint32). Neighbouring corners of a
 * fiber outline are a few pixels apart, so most numbers take one byte: about
 * 2 bytes per vertex instead of 8, which is what makes writing 100,000 fibers
 * with their outlines cheap.
 */
export function encodeContour(polygon: Int32Array): Uint8Array {
  const corners = removeCollinearVertices(polygon);
  // A zigzag varint of a 32-bit value takes at most 5 bytes.
  const bytes = new Uint8Array(corners.length * 5);
  let length = 0;
  let previousX = 0;
  let previousY = 0;
  for (let i = 0; i < corners.length; i += 2) {
    const x = corners[i] as number;
    const y = corners[i + 1] as number;
    length = writeZigzagVarint(bytes, length, x - previousX);
    length = writeZigzagVarint(bytes, length, y - previousY);
    previousX = x;
    previousY = y;
  }
  return bytes.slice(0, length);
}

/** The polygon stored by `encodeContour`. */
export function decodeContour(bytes: Uint8Array): Int32Array {
  const values: number[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      if (offset >= bytes.length || shift > 28) {
        throw new RangeError(`contour bytes end inside a number at byte ${offset}`);
      }
      byte = bytes[offset++] as number;
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    values.push((result >>> 1) ^ -(result & 1));
  }
  if (values.length % 2 !== 0) {
    throw new RangeError(`contour bytes must hold x, y pairs, got ${values.length} numbers`);
  }
  const polygon = new Int32Array(values.length);
  let x = 0;
  let y = 0;
  for (let i = 0; i < values.length; i += 2) {
    x += values[i] as number;
    y += values[i + 1] as number;
    polygon[i] = x;
    polygon[i + 1] = y;
  }
  return polygon;
}

function writeZigzagVarint(bytes: Uint8Array, offset: number, value: number): number {
  let zigzag = ((value << 1) ^ (value >> 31)) >>> 0;
  let at = offset;
  while (zigzag >= 0x80) {
    bytes[at++] = (zigzag & 0x7f) | 0x80;
    zigzag >>>= 7;
  }
  bytes[at++] = zigzag;
  return at;
}
