/**
 * @module jobs/segmentation-regions
 * Re-applies a section's regions, ROIs and exclusions to its succeeded runs
 * after the annotations changed. Fibers keep their features; only
 * regionName, roiId and inExclusion change. Connective tissue per region is
 * measured again from the run's stored masks (labels.png, muscle.png,
 * connective.png), so no inference is repeated. Every run's updates,
 * `summary.regions` and fiber summaries commit in one transaction.
 */
import type { LabelPixels } from "@myoscope/core/features/fiber-features";
import {
  assignSectionRegions,
  type SectionRegionsResult,
} from "@myoscope/core/postprocess/assign-section-regions";
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
import { openLabelImage } from "../features/open-label-image.ts";
import type { JobContext } from "./job-context.ts";

async function readWholeImage(
  storage: Storage,
  key: string,
): Promise<{ pixels: LabelPixels; width: number; height: number }> {
  const image = await openLabelImage(await storage.localPath(key));
  try {
    return {
      pixels: await image.readRows(0, image.height),
      width: image.width,
      height: image.height,
    };
  } finally {
    await image.close();
  }
}

async function readMask(storage: Storage, key: string): Promise<Uint8Array> {
  const { pixels } = await readWholeImage(storage, key);
  if (!(pixels instanceof Uint8Array)) throw new Error(`${key} is not an 8-bit mask`);
  return pixels;
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
    if (!(await ctx.storage.exists(muscleKey)) || !(await ctx.storage.exists(connectiveKey))) {
      continue;
    }
    const { pixels: labels, width, height } = await readWholeImage(ctx.storage, labelsKey);
    // A run with local thickness switched off stored no thickness map.
    const withThickness = await ctx.storage.exists(getSegmentationFileKey(run, "thickness"));
    const result = assignSectionRegions(
      {
        width,
        height,
        mpp: run.section.pixelSizeUm,
        labels,
        muscleMask: await readMask(ctx.storage, muscleKey),
        connectiveMask: await readMask(ctx.storage, connectiveKey),
        fibers: await listFiberCentroids(ctx.db, { runId: run.id }),
        shapes,
      },
      { withThickness },
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
