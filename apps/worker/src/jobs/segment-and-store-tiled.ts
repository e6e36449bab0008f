/**
 * @module jobs/segment-and-store-tiled
 * The segmentation-run job for sections too large for whole-image
 * post-processing (`WHOLE_IMAGE_MAX_PIXELS`): `segmentImageTiled` hands over the
 * result band by band, and each band goes at once to the streamed label,
 * muscle and connective-tissue PNGs, the small outline and thickness pictures,
 * and the regions accumulator. The stored files and fiber rows are the same
 * kind as the whole-image path's (the thickness picture is averaged block by
 * block instead of resized). Files are written under a temporary directory and
 * only then put into storage; nothing is committed here.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createSectionRegionsAccumulator,
  type SectionRegionsAccumulator,
} from "@myoscope/core/postprocess/accumulate-section-regions";
import { parsePostprocessParams } from "@myoscope/core/postprocess/postprocess-params";
import { computeThicknessHaloPx } from "@myoscope/core/postprocess/postprocess-segmentation-tiled";
import { toFiberRecord } from "@myoscope/db/fibers";
import { loadSectionShapes } from "@myoscope/db/section-annotation-shapes";
import type { JobPayload } from "@myoscope/jobs/define-job";
import type { segmentationRunJob } from "@myoscope/jobs/definitions/segmentation-run";
import { getSegmentationFileKey } from "@myoscope/storage/segmentation-keys";
import { createGrayPngWriter, type GrayPngWriter } from "../segmentation/create-gray-png-writer.ts";
import { readImageSize } from "../segmentation/open-resampled-image.ts";
import {
  createOverlayLabelSampler,
  createThicknessPreview,
  renderOutlineOverlayOfLabels,
} from "../segmentation/render-segmentation-overlays.ts";
import { segmentImageTiled } from "../segmentation/segment-image-tiled.ts";
import { SegmentationInputError } from "../segmentation/segmentation-errors.ts";
import { buildSegmentationSummary } from "../segmentation/write-segmentation-outputs.ts";
import type { JobContext } from "./job-context.ts";
import { pickRegionFields } from "./pick-region-fields.ts";
import type { RunRecipe, SegmentAndStoreInput, StoredSegmentation } from "./segmentation-run.ts";

const MAX_16_BIT_LABEL = 65_535;

/** 0/1 mask rows as 0/255 PNG samples. */
function toMaskSamples(mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] === 0 ? 0 : 255;
  return out;
}

export async function segmentAndStoreTiled(
  ctx: JobContext<JobPayload<typeof segmentationRunJob>>,
  run: RunRecipe,
  { model, imagePath, onProgress }: SegmentAndStoreInput,
): Promise<StoredSegmentation> {
  const params = parsePostprocessParams(run.params);
  const { width, height } = await readImageSize(imagePath);
  if (params.localThickness.isEnabled && !params.muscleMask.isEnabled) {
    throw new SegmentationInputError(
      `this section (${width}×${height} px) is post-processed in tiles, which measure local thickness only inside a muscle mask: enable the muscle mask or switch local thickness off`,
    );
  }
  const shapes = await loadSectionShapes(ctx.db, run);
  const dir = await mkdtemp(join(tmpdir(), "myoscope-run-"));
  const writers: Record<"labels" | "muscle" | "connective", GrayPngWriter | undefined> = {
    labels: undefined,
    muscle: undefined,
    connective: undefined,
  };
  try {
    const open = async (name: keyof typeof writers, bitDepth: 8 | 16) => {
      const writer = await createGrayPngWriter(join(dir, `${name}.png`), {
        width,
        height,
        bitDepth,
      });
      writers[name] = writer;
      return writer;
    };
    const labelsPng = await open("labels", 16);
    const musclePng = await open("muscle", 8);
    const connectivePng = await open("connective", 8);
    const overlayLabels = createOverlayLabelSampler(width, height);
    const thickness = createThicknessPreview(width, height);
    let regions: SectionRegionsAccumulator | undefined;
    const result = await segmentImageTiled(model, imagePath, {
      imageMpp: run.section.pixelSizeUm,
      postprocessParams: params,
      withContours: true,
      onProgress,
      onBand: async (band) => {
        if (band.fiberCount > MAX_16_BIT_LABEL) {
          throw new SegmentationInputError(
            `${band.fiberCount} fibers do not fit a 16-bit label image (at most ${MAX_16_BIT_LABEL})`,
          );
        }
        regions ??= createSectionRegionsAccumulator(
          { width, height, mpp: run.section.pixelSizeUm, maxLabel: band.fiberCount, shapes },
          {
            withThickness: params.localThickness.isEnabled,
            thicknessHaloPx: computeThicknessHaloPx(params),
          },
        );
        regions.addBand(band);
        overlayLabels.addBand(band);
        thickness.addBand(band);
        await labelsPng.writeRows(band.labels);
        await musclePng.writeRows(toMaskSamples(band.muscleMask));
        await connectivePng.writeRows(toMaskSamples(band.connectiveMask));
      },
    });
    for (const writer of Object.values(writers)) await writer?.finish();
    writers.labels = writers.muscle = writers.connective = undefined;
    const { postprocess } = result;
    const assigned = regions?.finish(postprocess.fibers);
    if (!assigned) throw new Error("the post-processing returned no rows");

    await ctx.progress(85, "storing masks");
    const labelsKey = getSegmentationFileKey(run, "labels");
    for (const name of ["labels", "muscle", "connective"] as const) {
      await ctx.storage.put(
        getSegmentationFileKey(run, name),
        createReadStream(join(dir, `${name}.png`)),
      );
    }
    await ctx.storage.put(
      getSegmentationFileKey(run, "overlay"),
      await renderOutlineOverlayOfLabels(imagePath, overlayLabels, postprocess.fibers),
    );
    if (params.localThickness.isEnabled) {
      const rampMaxUm = 2 * (postprocess.summary.localThickness?.meanUm ?? 10) || 20;
      await ctx.storage.put(
        getSegmentationFileKey(run, "thickness"),
        await thickness.render(rampMaxUm),
      );
    }
    return {
      fibers: postprocess.fibers.map((fiber, i) => ({
        ...toFiberRecord(fiber),
        ...pickRegionFields(assigned.fibers[i]),
      })),
      summary: {
        ...buildSegmentationSummary(result, { model, imagePath: run.section.storageKey }),
        regions: assigned.regions,
        excludedAreaUm2: assigned.excludedAreaUm2,
      },
      labelsKey,
    };
  } finally {
    for (const writer of Object.values(writers)) await writer?.abort().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}
