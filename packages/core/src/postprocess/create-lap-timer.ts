/**
 * @module postprocess/create-lap-timer
 * Step timings of the post-processing, in ms to 0.1, for its summary.
 */

/** Returns `lap(name)`, which records the time since the previous lap under `name`, and the record. */
export function createLapTimer(): {
  lap: (name: string) => void;
  timingsMs: Record<string, number>;
} {
  const timingsMs: Record<string, number> = {};
  let clock = performance.now();
  return {
    timingsMs,
    lap(name) {
      const now = performance.now();
      timingsMs[name] = Math.round((now - clock) * 10) / 10;
      clock = now;
    },
  };
}
