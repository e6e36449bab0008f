/**
 * @module bench-fiber-write
 * Times the database write of 100,000 fibers WITH their stored contours, as the
 * segmentation job commits them: the fibers (features and outlines) of the
 * Cellpose mask of a real H&E tile (0.2774 µm/px, so outlines as long as real
 * sections give), repeated to 100,000, written without and with contours.
 *
 *   DATABASE_URL=postgresql://… npm run bench:fiber-write [-- count]
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { measureFibers } from "@myoscope/core/features/measure-fibers";
import { encodeContour } from "@myoscope/core/geometry/encode-contour";
import type { PostprocessedFiber } from "@myoscope/core/postprocess/postprocess-segmentation";
import { toFiberRecord } from "@myoscope/db/fibers";
import { decode } from "fast-png";
import { measureFiberWrite } from "./measure-fiber-write.ts";

const MASK = resolve(
  import.meta.dirname,
  "../../../shared/data/real/he_muscle_wcchu/masks_cellpose/sample_img_02_cp_masks.png",
);
const target = Number(process.argv[2] ?? 100_000);

const png = decode(await readFile(MASK));
const measured = measureFibers(png.data as Uint16Array, {
  width: png.width,
  height: png.height,
  mpp: 0.2774,
  withContours: true,
});
const fibers: PostprocessedFiber[] = measured.map((fiber) => ({
  ...fiber,
  isInMuscleMask: true,
  passesShapeFilter: true,
  meanHematoxylinOd: 0.1,
  meanEosinOd: 0.3,
}));
// What is stored: the outline simplified within CONTOUR_TOLERANCE_PX, delta-coded varints.
const stored = fibers.map((fiber) => toFiberRecord(fiber).contour ?? new Int32Array());
const bytes = stored.map((contour) => encodeContour(contour).length);
const meanBytes = bytes.reduce((a, b) => a + b, 0) / bytes.length;
const meanCorners = stored.reduce((a, c) => a + c.length / 2, 0) / stored.length;
const copies = Math.ceil(target / fibers.length);
const withoutContours = fibers.map((fiber) => ({ ...fiber, contour: undefined }));
const plain = await measureFiberWrite(withoutContours, copies);
const contoured = await measureFiberWrite(fibers, copies);
console.log(
  [
    `source: ${fibers.length} Cellpose fibers of ${MASK.split("/").pop()}, ×${copies}`,
    `contour: mean ${meanBytes.toFixed(0)} B (${meanCorners.toFixed(0)} corners), max ${Math.max(...bytes)} B; ${((meanBytes * plain.fiberCount) / 1e6).toFixed(1)} MB for ${plain.fiberCount} fibers`,
    `write without contours: ${plain.fiberCount} fibers in ${(plain.ms / 1000).toFixed(2)} s`,
    `write with contours:    ${contoured.fiberCount} fibers in ${(contoured.ms / 1000).toFixed(2)} s`,
  ].join("\n"),
);
