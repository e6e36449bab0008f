/**
 * @module text/format-progress-bar
 */

export interface ProgressBarOptions {
  /**
   * Number of cells in the bar.
   * @default 24
   */
  width?: number;
}

/** `[#########---------------]  38%` for a percentage in [0, 100]. */
export function formatProgressBar(percent: number, options: ProgressBarOptions = {}): string {
  const { width = 24 } = options;
  if (!Number.isFinite(percent)) throw new RangeError(`percent must be finite, got ${percent}`);
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`width must be a positive integer, got ${width}`);
  }
  const clamped = Math.max(0, Math.min(100, percent));
  const filled = Math.round((clamped / 100) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round(clamped)).padStart(3)}%`;
}
