/**
 * @module ports
 */
import { connect } from "node:net";

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export function isPortInUse(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Polls `url` until it answers with any HTTP status. Rejects after `timeoutMs` or on abort. */
export async function waitForHttp(
  url: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    options.signal?.throwIfAborted();
    try {
      const response = await fetch(url, {
        redirect: "manual",
        signal: AbortSignal.timeout(60_000),
      });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`${url} did not answer within ${options.timeoutMs ?? 120_000} ms`);
}
