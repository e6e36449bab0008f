/**
 * @module geometry/trace-wand-outline
 * The outline of one 8-connected region, traced exactly as ImageJ's wand and
 * particle analyzer trace it, so that perimeters computed from it match Fiji.
 *
 * Ported from ImageJ 1.x `ij/gui/Wand.java` (`autoOutline` + `traceEdge`,
 * 8-connected mode; public domain, Wayne Rasband and Michael Schmid).
 */

/** Whether pixel (x, y) belongs to the region; must be false outside the image. */
export type InsidePredicate = (x: number, y: number) => boolean;

/**
 * Traces the outer boundary of the 8-connected region that contains pixel
 * `start`. For the outer boundary, `start` must be the region's first pixel in
 * raster order (top row, leftmost), which is where ImageJ's particle analyzer
 * starts the wand; the trace then begins at the right end of that pixel's run.
 *
 * Returns a flat `[x0, y0, x1, y1, …]` polygon of pixel-corner coordinates
 * (vertex (x, y) is the top-left corner of pixel (x, y)); only corners are
 * listed, the closing point is implicit. The orientation is clockwise as seen on
 * screen (y down), i.e. its shoelace area in image coordinates is positive.
 * Holes are not traced (ImageJ's traced ROIs have none either).
 */
export function traceWandOutline(
  inside: InsidePredicate,
  start: { x: number; y: number },
): Int32Array {
  if (!inside(start.x, start.y)) {
    throw new RangeError(`start must be a pixel of the region, got (${start.x}, ${start.y})`);
  }
  let startX = start.x;
  const startY = start.y;
  do startX++;
  while (inside(startX, startY));

  // Vertex (x, y) lies between pixels (x-1, y-1) and (x, y). Directions are
  // numbered counterclockwise in the mathematical sense (0 right, 1 up, 2 left,
  // 3 down) and the pixel probed for direction d is the one at d·90° − 45°.
  const probe = (vx: number, vy: number, direction: number): boolean => {
    switch (direction & 3) {
      case 0:
        return inside(vx, vy);
      case 1:
        return inside(vx, vy - 1);
      case 2:
        return inside(vx - 1, vy - 1);
      default:
        return inside(vx - 1, vy);
    }
  };

  let points = new Int32Array(64);
  let count = 0;
  const addPoint = (px: number, py: number): void => {
    if (count + 2 > points.length) {
      const grown = new Int32Array(points.length * 2);
      grown.set(points);
      points = grown;
    }
    points[count++] = px;
    points[count++] = py;
  };

  // (startX-1, startY) is inside and (startX, startY) outside: walk down the
  // boundary between them, outside on the left, turning left whenever possible.
  const startDirection = 3;
  const vy0 = startY + 1;
  let x = startX;
  let y = vy0;
  let direction = startDirection;
  do {
    let newDirection = direction + 1;
    do {
      if (probe(x, y, newDirection)) break;
      newDirection--;
    } while (newDirection >= direction);
    if (newDirection !== direction) addPoint(x, y);
    switch (newDirection & 3) {
      case 0:
        x++;
        break;
      case 1:
        y--;
        break;
      case 2:
        x--;
        break;
      default:
        y++;
    }
    direction = newDirection;
  } while (x !== startX || y !== vy0 || (direction & 3) !== startDirection);
  if (points[0] !== x) addPoint(x, y);
  return points.slice(0, count);
}
