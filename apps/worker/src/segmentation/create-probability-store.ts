/**
 * @module segmentation/create-probability-store
 * The fiber and boundary probability maps of a whole section kept in two
 * temporary files (one byte per pixel each) instead of memory: tiled
 * inference appends row bands, and the tiled post-processing reads windows
 * back (`ProbabilitySource`). Positional reads of row segments come from the
 * page cache for the overlapping windows.
 */
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProbabilitySource } from "@myoscope/core/postprocess/postprocess-segmentation-tiled";
import type { ProbabilityRows } from "./run-tiled-inference.ts";

export interface ProbabilityStore {
  /** Appends a band of inference output (planes: fiber, boundary), in row order. */
  appendRows(rows: ProbabilityRows): void;
  /** The stored maps as a window source, once every row is in. */
  toSource(mpp: number): ProbabilitySource;
  /** Removes the files. */
  dispose(): Promise<void>;
}

/** Creates the two files in a new directory under `tempDir`. */
export async function createProbabilityStore(
  width: number,
  height: number,
  tempDir: string = tmpdir(),
): Promise<ProbabilityStore> {
  const dir = await mkdtemp(join(tempDir, "myoscope-probabilities-"));
  const files = [openSync(join(dir, "fiber.u8"), "w+"), openSync(join(dir, "boundary.u8"), "w+")];
  let rowsStored = 0;
  const dispose = async () => {
    for (const fd of files.splice(0)) closeSync(fd);
    await rm(dir, { recursive: true, force: true });
  };
  return {
    appendRows(rows) {
      if (rows.top !== rowsStored || rows.width !== width) {
        throw new RangeError(
          `rows must continue at row ${rowsStored} with width ${width}, got ${rows.top} / ${rows.width}`,
        );
      }
      files.forEach((fd, plane) => {
        const data = rows.planes[plane] as Uint8Array;
        writeSync(fd, data, 0, data.length, rows.top * width);
      });
      rowsStored += rows.count;
    },
    toSource(mpp) {
      if (rowsStored !== height) {
        throw new RangeError(`${rowsStored} of ${height} rows are stored`);
      }
      const read = (fd: number, x: number, y: number, w: number, h: number) => {
        const out = new Uint8Array(w * h);
        for (let row = 0; row < h; row++) {
          readSync(fd, out, row * w, w, (y + row) * width + x);
        }
        return out;
      };
      const [fiberFile, boundaryFile] = files as [number, number];
      return {
        width,
        height,
        mpp,
        hasBoundary: true,
        readWindow: (x, y, w, h) => ({
          fiberProb: read(fiberFile, x, y, w, h),
          boundaryProb: read(boundaryFile, x, y, w, h),
        }),
      };
    },
    dispose,
  };
}
