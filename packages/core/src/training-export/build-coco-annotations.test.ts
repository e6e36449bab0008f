import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { buildCocoAnnotations, type CocoAnnotation } from "./build-coco-annotations.ts";
import { computeTileGrid } from "./compute-tile-grid.ts";
import { extractTile } from "./extract-tile.ts";
import { rasterizePolygons } from "./rasterize-polygons.ts";

const REAL_DATA = resolve(import.meta.dirname, "../../../../../shared/data/real");

/** IoU of each annotation's rasterized polygons with its label's pixels. */
function computeRoundTripIous(
  labels: Uint16Array,
  width: number,
  height: number,
  annotations: CocoAnnotation[],
) {
  return annotations.map((annotation) => {
    const mask = rasterizePolygons(annotation.segmentation, width, height);
    let intersection = 0;
    let union = 0;
    for (let i = 0; i < mask.length; i++) {
      const isLabel = labels[i] === annotation.label;
      const isFilled = mask[i] === 1;
      if (isLabel && isFilled) intersection++;
      if (isLabel || isFilled) union++;
    }
    return intersection / union;
  });
}

describe("buildCocoAnnotations(labels, options)", () => {
  it("outlines a pixel-corner rectangle and reports its pixel area and bbox", () => {
    // 5×4 tile, label 3 on pixels x = 1..3, y = 1..2.
    const labels = new Uint16Array(20);
    for (const y of [1, 2]) for (const x of [1, 2, 3]) labels[y * 5 + x] = 3;
    const [annotation, ...rest] = buildCocoAnnotations(labels, {
      width: 5,
      height: 4,
      imageId: 9,
      firstId: 100,
    });
    expect(rest).toHaveLength(0);
    expect(annotation).toMatchObject({
      id: 100,
      image_id: 9,
      category_id: 1,
      area: 6,
      bbox: [1, 1, 3, 2],
      label: 3,
      iscrowd: 0,
    });
    expect(rasterizePolygons(annotation?.segmentation ?? [], 5, 4)).toEqual(
      Uint8Array.from(labels, (v) => (v ? 1 : 0)),
    );
  });

  it("gives a fiber that the tile cuts into two pieces one annotation with two polygons", () => {
    // A U shape whose bottom row lies outside the tile: rows 0–1 of "1.1" remain.
    const labels = Uint16Array.from([1, 0, 1, 1, 0, 1]);
    const annotations = buildCocoAnnotations(labels, { width: 3, height: 2, imageId: 1 });
    expect(annotations).toHaveLength(1);
    expect(annotations[0]?.segmentation).toHaveLength(2);
    expect(annotations[0]?.area).toBe(4);
  });

  it("fills holes, because COCO polygons cannot carry them", () => {
    const labels = new Uint16Array(25);
    for (let i = 0; i < 25; i++) labels[i] = i % 5 === 0 || i % 5 === 4 || i < 5 || i >= 20 ? 2 : 0;
    const [annotation] = buildCocoAnnotations(labels, { width: 5, height: 5, imageId: 1 });
    expect(annotation?.area).toBe(16);
    expect(rasterizePolygons(annotation?.segmentation ?? [], 5, 5).every((v) => v === 1)).toBe(
      true,
    );
  });

  it("round-trips the real Cellpose masks of the wcchu tiles, cut into 400 px tiles, with IoU ≥ 0.98 per fiber", async () => {
    const png = decode(
      await readFile(
        resolve(REAL_DATA, "he_muscle_wcchu/masks_cellpose/sample_img_02_cp_masks.png"),
      ),
    );
    const labels = Uint16Array.from(png.data as ArrayLike<number>);
    const source = { data: labels, width: png.width, height: png.height, channels: 1 };
    const ious: number[] = [];
    let imageId = 0;
    for (const rect of computeTileGrid(png.width, png.height, { tileSize: 400 })) {
      const tile = extractTile(source, rect);
      const annotations = buildCocoAnnotations(tile.data, {
        width: tile.width,
        height: tile.height,
        imageId: imageId++,
      });
      ious.push(...computeRoundTripIous(tile.data, tile.width, tile.height, annotations));
    }
    // 55 fibers, most split over several tiles.
    expect(ious.length).toBeGreaterThan(55);
    expect(Math.min(...ious)).toBeGreaterThanOrEqual(0.98);
  });
});
