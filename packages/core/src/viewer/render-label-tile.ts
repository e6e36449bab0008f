/**
 * @module viewer/render-label-tile
 * Rasterises one overlay tile from a grid of sampled fiber labels and a
 * per-label palette: fills are one lookup per pixel, outlines mark pixels whose
 * right or lower neighbour carries another label (both sides of a shared border
 * are marked, so contours stay visible when tiles are downsampled).
 */

export interface LabelTileOptions {
  /** Edge of the square output tile in pixels. */
  tileSize: number;
  /** Columns of `labels` that hold image (≤ tileSize); the rest stays transparent. */
  validWidth: number;
  /** Rows of `labels` that hold image (≤ tileSize). */
  validHeight: number;
  /** `fill` colours each pixel by its label, `outline` only its border pixels. */
  style: "fill" | "outline";
  /** Reusable output buffer of tileSize² × 4 bytes. */
  out?: Uint8Array;
}

/**
 * RGBA bytes of a tile. `labels` is row-major with stride `tileSize`; `palette[label]`
 * is a packed little-endian RGBA colour (0 = transparent). Labels beyond the
 * palette are drawn transparent.
 */
export function renderLabelTile(
  labels: Uint16Array | Uint32Array,
  palette: Uint32Array,
  options: LabelTileOptions,
): Uint8Array {
  const { tileSize, validWidth, validHeight, style } = options;
  if (!Number.isInteger(tileSize) || tileSize < 1) {
    throw new RangeError(`tileSize must be a positive integer, got ${tileSize}`);
  }
  if (labels.length < tileSize * tileSize) {
    throw new RangeError(
      `labels must hold tileSize² = ${tileSize * tileSize} values, got ${labels.length}`,
    );
  }
  if (!Number.isInteger(validWidth) || validWidth < 0 || validWidth > tileSize) {
    throw new RangeError(`validWidth must be an integer in [0, ${tileSize}], got ${validWidth}`);
  }
  if (!Number.isInteger(validHeight) || validHeight < 0 || validHeight > tileSize) {
    throw new RangeError(`validHeight must be an integer in [0, ${tileSize}], got ${validHeight}`);
  }
  const out = options.out ?? new Uint8Array(tileSize * tileSize * 4);
  if (out.length !== tileSize * tileSize * 4) {
    throw new RangeError(`out must have ${tileSize * tileSize * 4} bytes, got ${out.length}`);
  }
  if (out.byteOffset % 4 !== 0) throw new RangeError("out must be 4-byte aligned");
  const pixels = new Uint32Array(out.buffer, out.byteOffset, tileSize * tileSize);
  pixels.fill(0);
  const paletteSize = palette.length;
  for (let y = 0; y < validHeight; y++) {
    const row = y * tileSize;
    for (let x = 0; x < validWidth; x++) {
      const label = labels[row + x] as number;
      if (label === 0 || label >= paletteSize) continue;
      if (style === "outline") {
        const right = x + 1 < validWidth ? (labels[row + x + 1] as number) : label;
        const below = y + 1 < validHeight ? (labels[row + tileSize + x] as number) : label;
        const left = x > 0 ? (labels[row + x - 1] as number) : label;
        const above = y > 0 ? (labels[row - tileSize + x] as number) : label;
        if (right === label && below === label && left === label && above === label) continue;
      }
      pixels[row + x] = palette[label] as number;
    }
  }
  return out;
}

/**
 * Source coordinates sampled for each output pixel of a tile (nearest neighbour at
 * the pixel centre): `count` positions starting at `start` in full-resolution
 * pixels, `step` full-resolution pixels apart, mapped into a raster that is
 * `rasterScale` times the full-resolution size and clamped to [0, rasterSize − 1].
 */
export function getSampleCoordinates(
  start: number,
  count: number,
  step: number,
  rasterScale: number,
  rasterSize: number,
): Int32Array {
  if (!(step > 0)) throw new RangeError(`step must be positive, got ${step}`);
  if (!(rasterScale > 0)) throw new RangeError(`rasterScale must be positive, got ${rasterScale}`);
  if (!Number.isInteger(rasterSize) || rasterSize < 1) {
    throw new RangeError(`rasterSize must be a positive integer, got ${rasterSize}`);
  }
  const out = new Int32Array(Math.max(0, count));
  for (let i = 0; i < out.length; i++) {
    const source = Math.floor((start + (i + 0.5) * step) * rasterScale);
    out[i] = Math.min(rasterSize - 1, Math.max(0, source));
  }
  return out;
}
