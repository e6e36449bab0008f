/**
 * @module jobs/segmentation-regions
 * Re-applies a section's regions, ROIs and exclusions to its succeeded runs
 * after the annotations changed. Fibers keep their features; only
 * regionName, roiId and inExclusion change. Connective tissue per region is
 * measured again from the run's stored masks (labels.png, muscle.png,
 * connective.png), read band by band, so no inference is repeated and sections of
 * any size fit in memory. Every run's updates,
 * `summary.regions` and fiber summaries commit in one transaction.
 */
import { createSectionRegionsAccumulator } from "@myoscope/core/postprocess/accumulate-section-regions";
import type {
  SectionRegionsResult,
  SectionShapes,
} from "@myoscope/core/postprocess/assign-section-regions";
import { postprocessParamsSchema } from "@myoscope/core/postprocess/postprocess-params";
import { computeThicknessHaloPx } from "@myoscope/core/postprocess/postprocess-segmentation-tiled";
import { refreshFiberSummaries } from "@myoscope/db/fiber-summaries";
import { listFiberCentroids, updateFiberRegions } from "@myoscope/db/fibers";
import { loadSectionShapes } from "@myoscope/db/section-annotation-shapes";
import {
  listSucceededRunsOfSection,
  setSegmentationRunRegions,
} from "@myoscope/db/segmentation-runs";
import type { JobPayload } from "@myoscope/jobs/define-job";
import type { segmentationRegionsJob } from "@myoscope/jobs/definitions/segmentation-regions";
import { getSegmentationFileKey } from "@myoscope/storage/segmentation-keys";
import type { Storage } from "@myoscope/storage/storage";
import { type LabelImage, openLabelImage } from "../features/open-label-image.ts";
import type { JobContext } from "./job-context.ts";

/** Rows per band read back from the stored masks (about 8 MP a band). */
const BAND_PIXELS = 8_000_000;

/**
 * Measures one run's regions from its stored masks, band by band: labels.png,
 * muscle.png and connective.png are each decoded once and read in strips, so sections
 * of any size re-apply in bounded memory.
 */
async function measureStoredRegions(
  storage: Storage,
  run: { keys: Record<"labels" | "muscle" | "connective", string>; mpp: number; params: unknown },
  fibers: Awaited<ReturnType<typeof listFiberCentroids>>,
  shapes: SectionShapes,
  withThickness: boolean,
): Promise<SectionRegionsResult> {
  // Opened together; if one fails, the others (and their temporary decodes) are closed.
  const settled = await Promise.allSettled(
    Object.values(run.keys).map(async (key) => openLabelImage(await storage.localPath(key))),
  );
  const images = settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failed = settled.find((result) => result.status === "rejected");
  if (failed) {
    await Promise.all(images.map((image) => image.close()));
    throw failed.reason;
  }
  try {
    const [labels, muscle, connective] = images as [LabelImage, LabelImage, LabelImage];
    const { width, height } = labels;
    for (const image of [muscle, connective]) {
      if (image.width !== width || image.height !== height || image.depth !== "uchar") {
        throw new Error(`the stored masks of a run disagree in size or depth`);
      }
    }
    const params = postprocessParamsSchema.safeParse(run.params);
    let maxLabel = 0;
    for (const fiber of fibers) if (fiber.label > maxLabel) maxLabel = fiber.label;
    const accumulator = createSectionRegionsAccumulator(
      { width, height, mpp: run.mpp, maxLabel, shapes },
      {
        withThickness,
        // Without a muscle mask (or with parameters of an older version) nothing bounds the
        // thickness: it is measured on the whole image, as before.
        thicknessHaloPx:
          params.success && params.data.muscleMask.isEnabled
            ? computeThicknessHaloPx(params.data)
            : height,
      },
    );
    const bandRows = Math.max(1, Math.floor(BAND_PIXELS / width));
    for (let y = 0; y < height; y += bandRows) {
      const rows = Math.min(bandRows, height - y);
      accumulator.addBand({
        y,
        rows,
        labels: await labels.readRows(y, rows),
        muscleMask: (await muscle.readRows(y, rows)) as Uint8Array,
        connectiveMask: (await connective.readRows(y, rows)) as Uint8Array,
      });
    }
    return accumulator.finish(fibers);
  } finally {
    await Promise.all(images.map((image) => image.close()));
  }
}

export async function handleSegmentationRegions(
  ctx: JobContext<JobPayload<typeof segmentationRegionsJob>>,
): Promise<void> {
  const { projectId, sectionId } = ctx.payload;
  const runs = await listSucceededRunsOfSection(ctx.db, { projectId, sectionId });
  const shapes = await loadSectionShapes(ctx.db, { projectId, sectionId });
  const results: { runId: string; result: SectionRegionsResult }[] = [];
  for (const [index, run] of runs.entries()) {
    await ctx.progress(
      Math.round((90 * index) / Math.max(1, runs.length)),
      `run ${index + 1} of ${runs.length}`,
    );
    const labelsKey = getSegmentationFileKey(run, "labels");
    const muscleKey = getSegmentationFileKey(run, "muscle");
    const connectiveKey = getSegmentationFileKey(run, "connective");
    // Runs from before the masks were stored cannot be re-measured; re-run them.
    const keys = [labelsKey, muscleKey, connectiveKey];
    if (!(await Promise.all(keys.map((key) => ctx.storage.exists(key)))).every(Boolean)) {
      continue;
    }
    // A run with local thickness switched off stored no thickness map.
    const withThickness = await ctx.storage.exists(getSegmentationFileKey(run, "thickness"));
    const result = await measureStoredRegions(
      ctx.storage,
      {
        keys: { labels: labelsKey, muscle: muscleKey, connective: connectiveKey },
        mpp: run.section.pixelSizeUm,
        params: run.params,
      },
      await listFiberCentroids(ctx.db, { runId: run.id }),
      shapes,
      withThickness,
    );
    results.push({ runId: run.id, result });
  }
  await ctx.progress(92, "saving");
  await ctx.commit(
    async (tx) => {
      for (const { runId, result } of results) {
        await updateFiberRegions(tx, { runId, assignments: result.fibers });
        await setSegmentationRunRegions(tx, {
          runId,
          regions: result.regions as never,
          excludedAreaUm2: result.excludedAreaUm2,
        });
        await refreshFiberSummaries(tx, { runId });
      }
      return { runs: results.map(({ runId }) => runId) };
    },
    `${results.length} run${results.length === 1 ? "" : "s"} updated`,
  );
}
