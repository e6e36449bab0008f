/**
 * @module wait-for
 * Bounded polling: integration tests wait for state that other processes
 * (workers, pg-boss maintenance) produce, and must fail with a useful message
 * instead of hanging when it never comes.
 */

export interface WaitForOptions {
  /** What is awaited, for the timeout message. */
  description: string;
  /** @default 20_000 */
  timeoutMs?: number;
  /** @default 100 */
  intervalMs?: number;
}

/**
 * Calls `probe` until it returns something other than `undefined`, and returns
 * that. Throws after `timeoutMs`, naming the last value `describeLast` saw.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  options: WaitForOptions & { describeLast?: () => Promise<string> },
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      const last = options.describeLast ? `; last seen: ${await options.describeLast()}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.description}${last}`);
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}
