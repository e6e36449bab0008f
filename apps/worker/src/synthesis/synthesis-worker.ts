/**
 * @module synthesis/synthesis-worker
 * Body of one worker thread of `synthesizeDataset`: renders and writes the
 * images it is sent, one at a time, and reports each back. Started through
 * `synthesis-worker-entry.mjs`, which makes TypeScript importable first.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  renderSyntheticImageFiles,
  type SynthesisRunConfig,
  type SyntheticImageRecord,
} from "./render-synthetic-image-files.ts";

export type SynthesisWorkerRequest = { type: "render"; index: number };

export interface ThreadMemory {
  /** V8 heap in use by this thread's isolate, bytes. */
  heapUsed: number;
  /** Memory of ArrayBuffers (the images' typed arrays) owned by this thread, bytes. */
  arrayBuffers: number;
  /** Resident set size of the whole process, bytes. */
  rss: number;
}

export type SynthesisWorkerResponse =
  | { type: "done"; record: SyntheticImageRecord; memory: ThreadMemory }
  | { type: "failed"; index: number; message: string; stack: string | undefined };

const port = parentPort;
if (!port) throw new Error("synthesis-worker must run in a worker thread");
const config = workerData as SynthesisRunConfig;

port.on("message", async (request: SynthesisWorkerRequest) => {
  let response: SynthesisWorkerResponse;
  try {
    const record = await renderSyntheticImageFiles(config, request.index);
    const { heapUsed, arrayBuffers, rss } = process.memoryUsage();
    response = { type: "done", record, memory: { heapUsed, arrayBuffers, rss } };
  } catch (error) {
    const { message, stack } = error instanceof Error ? error : new Error(String(error));
    response = { type: "failed", index: request.index, message, stack };
  }
  port.postMessage(response);
});
