/**
 * @module segmentation/write-tiled-segmentation-outputs
 * `myoscope segment`'s three files for images too large for whole-image
 * post-processing: the same `<base>.labels.png`, `<base>.fibers.csv` and
 * `<base>.summary.json` as `writeSegmentationOutputs`, but the labels are
 * written band by band while `segmentImageTiled` runs, so no full-size raster
 * is ever held. As there, everything goes to temporary siblings first and is
 * renamed only when all three are complete; a failure removes them.
 */
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  createSectionRegionsAccumulator,
  type SectionRegionsAccumulator,
} from "@myoscope/core/postprocess/accumulate-section-regions";
import type { SectionShapes } from "@myoscope/core/postprocess/assign-section-regions";
import { parsePostprocessParams } from "@myoscope/core/postprocess/postprocess-params";
import { computeThicknessHaloPx } from "@myoscope/core/postprocess/postprocess-segmentation-tiled";
import { createGrayPngWriter, type GrayPngWriter } from "./create-gray-png-writer.ts";
import type { SegmentationModel } from "./load-segmentation-model.ts";
import { type ImageInput, readImageSize } from "./open-resampled-image.ts";
import {
  type SegmentImageTiledOptions,
  type SegmentImageTiledResult,
  segmentImageTiled,
} from "./segment-image-tiled.ts";
import { SegmentationInputError } from "./segmentation-errors.ts";
import {
  buildSegmentationSummary,
  formatSegmentedFibersCsv,
  type SegmentationOutputPaths,
} from "./write-segmentation-outputs.ts";

export interface SegmentToFilesTiledOptions extends SegmentImageTiledOptions {
  outDir: string;
  baseName: string;
  /** Path of the source image, recorded in the summary. */
  imagePath: string;
  /**
   * Regions, ROIs and exclusions to apply (`myoscope segment --regions`): adds the CSV
   * columns `region,roi,in_exclusion` and `regions` to the summary, as the whole-image path.
   */
  shapes?: SectionShapes;
}

const MAX_16_BIT_LABEL = 65_535;

/** Segments `input` in tiles and writes the three files; returns the result and their paths. */
export async function segmentImageToFilesTiled(
  model: SegmentationModel,
  input: ImageInput,
  options: SegmentToFilesTiledOptions,
): Promise<{ result: SegmentImageTiledResult; paths: SegmentationOutputPaths }> {
  const { outDir, baseName, imagePath, shapes, ...segmentOptions } = options;
  const paths: SegmentationOutputPaths = {
    labels: join(outDir, `${baseName}.labels.png`),
    fibers: join(outDir, `${baseName}.fibers.csv`),
    summary: join(outDir, `${baseName}.summary.json`),
  };
  const suffix = randomBytes(6).toString("hex");
  const temporary = (path: string) => `${path}.${suffix}.tmp`;
  const { height } = await readImageSize(input);
  let labels: GrayPngWriter | undefined;
  let accumulator: SectionRegionsAccumulator | undefined;
  try {
    const result = await segmentImageTiled(model, input, {
      ...segmentOptions,
      onBand: async (band) => {
        if (band.fiberCount > MAX_16_BIT_LABEL) {
          throw new SegmentationInputError(
            `${band.fiberCount} fibers do not fit a 16-bit label image (at most ${MAX_16_BIT_LABEL}); segment the section in parts`,
          );
        }
        labels ??= await createGrayPngWriter(temporary(paths.labels), {
          width: band.width,
          height,
          bitDepth: 16,
        });
        await labels.writeRows(band.labels);
        if (shapes) {
          const params = parsePostprocessParams(segmentOptions.postprocessParams ?? {});
          accumulator ??= createSectionRegionsAccumulator(
            { width: band.width, height, mpp: options.imageMpp, maxLabel: band.fiberCount, shapes },
            {
              withThickness: params.localThickness.isEnabled,
              thicknessHaloPx: computeThicknessHaloPx(params),
            },
          );
          accumulator.addBand(band);
        }
        await segmentOptions.onBand?.(band);
      },
    });
    if (!labels) throw new Error("the post-processing wrote no rows");
    await labels.finish();
    labels = undefined;
    const regions = accumulator?.finish(result.postprocess.fibers);
    await writeFile(
      temporary(paths.fibers),
      formatSegmentedFibersCsv(result.postprocess.fibers, regions),
    );
    const summary = {
      ...buildSegmentationSummary(result, { model, imagePath }),
      ...(regions && { regions: regions.regions, excludedAreaUm2: regions.excludedAreaUm2 }),
    };
    await writeFile(temporary(paths.summary), `${JSON.stringify(summary, null, 2)}\n`);
    for (const path of Object.values(paths)) await rename(temporary(path), path);
    return { result, paths };
  } catch (error) {
    await labels?.abort().catch(() => {});
    await Promise.all(Object.values(paths).map((path) => rm(temporary(path), { force: true })));
    throw error;
  }
}
