/**
 * @module features/fit-ellipse
 * The best-fitting ellipse of a pixel set, as ImageJ fits it: same second
 * central moments ("ellipse of concentration"), then rescaled to the same area.
 *
 * Ported from ImageJ 1.x `ij/process/EllipseFitter.java` (`getEllipseParam`,
 * `getMoments`; Bob Rodieck's algorithm, public domain), including its
 * constants, so that AR and Round match Fiji to the printed digits.
 */

/** Raw moment sums over the pixels (x, y) of one region, in pixel units. */
export interface PixelMomentSums {
  /** Number of pixels. */
  count: number;
  /** Σx, Σy, Σx², Σy², Σxy over pixel indices (not centres). */
  sumX: number;
  sumY: number;
  sumXX: number;
  sumYY: number;
  sumXY: number;
}

export interface FittedEllipse {
  /** Axis lengths in pixels (full lengths, not semi-axes). */
  major: number;
  minor: number;
  /** Angle of the major axis in degrees, [0, 180), counterclockwise on screen. */
  angle: number;
}

const HALF_PI = 1.5707963267949;

/** Fits ImageJ's ellipse to a region given its moment sums. */
export function fitEllipse(sums: PixelMomentSums): FittedEllipse {
  const n = sums.count;
  if (!(n > 0)) throw new RangeError(`sums.count must be > 0, got ${n}`);
  // ImageJ adds 1/12 per pixel: the second moment of a unit square about its centre.
  const x1 = sums.sumX / n;
  const y1 = sums.sumY / n;
  const u20 = (sums.sumXX + 0.08333333 * n) / n - x1 * x1;
  const u02 = (sums.sumYY + 0.08333333 * n) / n - y1 * y1;
  const u11 = sums.sumXY / n - x1 * y1;

  let m4 = 4.0 * Math.abs(u02 * u20 - u11 * u11);
  if (m4 < 0.000001) m4 = 0.000001;
  let a11 = u02 / m4;
  const a12 = u11 / m4;
  let a22 = u20 / m4;

  let tmp = a11 - a22;
  if (tmp === 0.0) tmp = 0.000001;
  let theta = 0.5 * Math.atan((2.0 * a12) / tmp);
  if (theta < 0.0) theta += HALF_PI;
  if (a12 > 0.0) {
    theta += HALF_PI;
  } else if (a12 === 0.0) {
    if (a22 > a11) {
      theta = 0.0;
      tmp = a22;
      a22 = a11;
      a11 = tmp;
    } else if (a11 !== a22) {
      theta = HALF_PI;
    }
  }
  tmp = Math.sin(theta);
  if (tmp === 0.0) tmp = 0.000001;
  const z = (a12 * Math.cos(theta)) / tmp;
  let major = Math.sqrt(1.0 / Math.abs(a22 + z));
  let minor = Math.sqrt(1.0 / Math.abs(a11 - z));
  const scale = Math.sqrt(n / (Math.PI * major * minor));
  major = major * scale * 2.0;
  minor = minor * scale * 2.0;
  let angle = (180.0 * theta) / Math.PI;
  if (angle === 180.0) angle = 0.0;
  if (major < minor) [major, minor] = [minor, major];
  return { major, minor, angle };
}
