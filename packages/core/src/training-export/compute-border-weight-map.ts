/**
 * @module training-export/compute-border-weight-map
 * The U-Net pixel weight map (Ronneberger, Fischer & Brox 2015, "U-Net:
 * convolutional networks for biomedical image segmentation", eq. 2):
 *
 *   w(x) = w_c(x) + w0 · exp(−(d1(x) + d2(x))² / (2σ²))
 *
 * where d1 and d2 are the distances to the nearest and second-nearest object
 * (here: fiber instance). The border term puts a large weight on the thin
 * separations between touching fibers, which is where a segmentation network
 * merges instances. Defaults are the SYNTA paper's values (Mill et al. 2025,
 * "U-Net specifications and training"): w0 ≈ 400, σ = 5 px, fiber bodies
 * weighted ≈ 50 and background 10.
 *
 * The border term is only evaluated where it is smaller than `cutoff` beyond
 * d1 + d2 = R = σ·√(2·ln(w0 / cutoff)) (about 4.6σ for the defaults). So each
 * fiber only influences a window of its bounding box grown by R: an exact
 * Euclidean distance transform per fiber inside that window (Felzenszwalb &
 * Huttenlocher 2012, "Distance transforms of sampled functions") keeps the two
 * smallest distances per pixel. The cost is the sum of the window areas, not
 * fibers × pixels.
 */

/** Instance label images: 0 is "not a fiber", every other value one fiber. */
export type LabelArray = Uint8Array | Uint16Array | Uint32Array | Int32Array;

export interface BorderWeightMapOptions {
  /**
   * Amplitude of the border term. The SYNTA paper found "a very high value of ~400" best.
   * @default 400
   */
  w0?: number;
  /**
   * Width of the border term in pixels (σ in the U-Net paper; SYNTA used 5).
   * @default 5
   */
  sigma?: number;
  /**
   * Class weight of fiber pixels ("fiber bodies by a factor of ~50" in the SYNTA paper).
   * @default 50
   */
  fiberWeight?: number;
  /**
   * Class weight of background pixels (10 in the SYNTA paper).
   * @default 10
   */
  backgroundWeight?: number;
  /**
   * Class weight of boundary pixels (class 2 of `classes`). The paper does not state
   * one; boundary pixels are fiber edges, so they weigh as fibers, and the border term
   * adds to them where fibers touch.
   * @default fiberWeight
   */
  boundaryWeight?: number;
  /**
   * Optional 3-class mask (0 background, 1 fiber, 2 boundary) of the same size. With it,
   * class weights follow the classes and the border term applies to background and
   * boundary pixels; without it, fiber = label > 0 and the border term applies where
   * label = 0 (the U-Net paper's setting: the gaps between objects).
   */
  classes?: Uint8Array;
  /**
   * Border terms smaller than this are left out (it sets the window radius R).
   * @default 0.01
   */
  cutoff?: number;
}

/** Squared distance that stands for "no fiber within reach". */
const FAR = Number.POSITIVE_INFINITY;

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
  }
}

function requireNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
}

/**
 * One row of the Felzenszwalb–Huttenlocher lower envelope of parabolas:
 * out[q] = min_p (q − p)² + f[p]. `v` and `z` are scratch buffers of length n and n + 1.
 */
function transformLine(
  f: Float64Array,
  n: number,
  out: Float64Array,
  v: Int32Array,
  z: Float64Array,
): void {
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[q] as number;
    if (fq === FAR) continue;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -FAR;
      z[1] = FAR;
      continue;
    }
    // z[0] = −∞, so the loop stops at k = 0 at the latest.
    let s = 0;
    for (;;) {
      const p = v[k] as number;
      s = (fq + q * q - ((f[p] as number) + p * p)) / (2 * (q - p));
      if (s > (z[k] as number)) break;
      k--;
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = FAR;
  }
  if (k < 0) {
    out.fill(FAR, 0, n);
    return;
  }
  let j = 0;
  for (let q = 0; q < n; q++) {
    while ((z[j + 1] as number) < q) j++;
    const p = v[j] as number;
    out[q] = (q - p) * (q - p) + (f[p] as number);
  }
}

/** Float32 weights, row-major, one per pixel. */
export function computeBorderWeightMap(
  labels: LabelArray,
  width: number,
  height: number,
  options: BorderWeightMapOptions = {},
): Float32Array {
  const { w0 = 400, sigma = 5, fiberWeight = 50, backgroundWeight = 10, cutoff = 0.01 } = options;
  const { boundaryWeight = fiberWeight, classes } = options;
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`width must be a positive integer, got ${width}`);
  }
  if (!Number.isInteger(height) || height < 1) {
    throw new RangeError(`height must be a positive integer, got ${height}`);
  }
  const size = width * height;
  if (labels.length !== size) {
    throw new RangeError(`labels must hold width·height = ${size} values, got ${labels.length}`);
  }
  if (classes && classes.length !== size) {
    throw new RangeError(`classes must hold width·height = ${size} values, got ${classes.length}`);
  }
  requireNonNegative("w0", w0);
  requirePositive("sigma", sigma);
  requireNonNegative("fiberWeight", fiberWeight);
  requireNonNegative("backgroundWeight", backgroundWeight);
  requireNonNegative("boundaryWeight", boundaryWeight);
  requirePositive("cutoff", cutoff);

  const weights = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const fiberClass = classes ? (classes[i] as number) : (labels[i] as number) > 0 ? 1 : 0;
    weights[i] =
      fiberClass === 1 ? fiberWeight : fiberClass === 2 ? boundaryWeight : backgroundWeight;
  }
  if (w0 <= cutoff) return weights;
  const reach = sigma * Math.sqrt(2 * Math.log(w0 / cutoff));
  const margin = Math.ceil(reach);

  // Bounding boxes, indexed by a compact id per distinct label.
  const compact = new Map<number, number>();
  const boxes: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const label = labels[y * width + x] as number;
      if (label === 0) continue;
      let id = compact.get(label);
      if (id === undefined) {
        id = compact.size;
        compact.set(label, id);
        boxes.push(x, y, x, y);
      } else {
        const b = id * 4;
        if (x < (boxes[b] as number)) boxes[b] = x;
        if (x > (boxes[b + 2] as number)) boxes[b + 2] = x;
        boxes[b + 3] = y;
      }
    }
  }
  if (compact.size < 2) return weights;

  const labelOf = Array.from(compact.keys());
  let maxArea = 0;
  let maxSide = 0;
  const windows = new Int32Array(compact.size * 4);
  for (let id = 0; id < compact.size; id++) {
    const b = id * 4;
    const x0 = Math.max(0, (boxes[b] as number) - margin);
    const y0 = Math.max(0, (boxes[b + 1] as number) - margin);
    const x1 = Math.min(width - 1, (boxes[b + 2] as number) + margin);
    const y1 = Math.min(height - 1, (boxes[b + 3] as number) + margin);
    windows.set([x0, y0, x1, y1], b);
    maxArea = Math.max(maxArea, (x1 - x0 + 1) * (y1 - y0 + 1));
    maxSide = Math.max(maxSide, x1 - x0 + 1, y1 - y0 + 1);
  }

  const d1 = new Float64Array(size).fill(FAR);
  const d2 = new Float64Array(size).fill(FAR);
  const grid = new Float64Array(maxArea);
  const line = new Float64Array(maxSide);
  const lineOut = new Float64Array(maxSide);
  const v = new Int32Array(maxSide);
  const z = new Float64Array(maxSide + 1);
  const reachSq = reach * reach;

  for (let id = 0; id < compact.size; id++) {
    const label = labelOf[id] as number;
    const b = id * 4;
    const x0 = windows[b] as number;
    const y0 = windows[b + 1] as number;
    const w = (windows[b + 2] as number) - x0 + 1;
    const h = (windows[b + 3] as number) - y0 + 1;
    // Columns: 1-D squared distance to the fiber's pixels in the same column.
    for (let cx = 0; cx < w; cx++) {
      let last = -1;
      for (let cy = 0; cy < h; cy++) {
        const isFiber = labels[(y0 + cy) * width + x0 + cx] === label;
        if (isFiber) last = cy;
        grid[cy * w + cx] = last < 0 ? FAR : (cy - last) * (cy - last);
      }
      last = -1;
      for (let cy = h - 1; cy >= 0; cy--) {
        if (grid[cy * w + cx] === 0) last = cy;
        if (last >= 0) {
          const down = (last - cy) * (last - cy);
          if (down < (grid[cy * w + cx] as number)) grid[cy * w + cx] = down;
        }
      }
    }
    // Rows: combine the columns exactly, then keep the two nearest fibers per pixel.
    for (let cy = 0; cy < h; cy++) {
      const row = cy * w;
      for (let cx = 0; cx < w; cx++) line[cx] = grid[row + cx] as number;
      transformLine(line, w, lineOut, v, z);
      const offset = (y0 + cy) * width + x0;
      for (let cx = 0; cx < w; cx++) {
        const d = lineOut[cx] as number;
        if (d > reachSq) continue;
        const i = offset + cx;
        if (d < (d1[i] as number)) {
          d2[i] = d1[i] as number;
          d1[i] = d;
        } else if (d < (d2[i] as number)) {
          d2[i] = d;
        }
      }
    }
  }

  const twoSigmaSq = 2 * sigma * sigma;
  for (let i = 0; i < size; i++) {
    const isGap = classes ? classes[i] !== 1 : labels[i] === 0;
    if (!isGap || d2[i] === FAR) continue;
    const sum = Math.sqrt(d1[i] as number) + Math.sqrt(d2[i] as number);
    if (sum > reach) continue;
    weights[i] = (weights[i] as number) + w0 * Math.exp(-(sum * sum) / twoSigmaSq);
  }
  return weights;
}
