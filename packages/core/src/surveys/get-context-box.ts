/**
 * @module surveys/get-context-box
 * The area a rater sees around an ROI: the ROI grown by a margin on each side,
 * clipped to the image, so the mask is judged in its surroundings.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ContextBoxOptions {
  /**
   * Margin on each side as a fraction of the ROI's larger edge.
   * @default 0.25
   */
  margin?: number;
}

export function getContextBox(
  roi: Box,
  image: { width: number | null; height: number | null },
  options: ContextBoxOptions = {},
): Box {
  const margin = options.margin ?? 0.25;
  if (!(margin >= 0)) throw new RangeError(`margin must be ≥ 0, got ${margin}`);
  const pad = Math.round(Math.max(roi.width, roi.height) * margin);
  const x0 = Math.max(0, roi.x - pad);
  const y0 = Math.max(0, roi.y - pad);
  const x1 = Math.min(image.width ?? Number.POSITIVE_INFINITY, roi.x + roi.width + pad);
  const y1 = Math.min(image.height ?? Number.POSITIVE_INFINITY, roi.y + roi.height + pad);
  return { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
}
