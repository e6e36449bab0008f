/**
 * @module jobs/synthesis-run
 * Renders a synthesis run into a scratch directory on worker threads, copies
 * the files into storage, and commits every image row with the run's
 * `succeeded` status in one transaction. Images depend only on (ranges, run
 * seed, index), so a retry rewrites identical files over a crashed attempt's.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { SYNTHESIS_PRESETS, type SynthesisPresetName } from "@myoscope/core/synthesis/presets";
import type { SynthesisRanges } from "@myoscope/core/synthesis/synthesis-ranges";
import {
  findSynthesisRunRecipe,
  type SynthesisImageInput,
  saveSynthesisRunResults,
  setSynthesisRunStatus,
} from "@myoscope/db/synthesis-runs";
import type { JobPayload } from "@myoscope/jobs/define-job";
import type { synthesisRunJob } from "@myoscope/jobs/definitions/synthesis-run";
import { getSynthesisImageKey } from "@myoscope/storage/synthesis-keys";
import sharp from "sharp";
import { summarizeSyntheticDataset } from "../synthesis/summarize-synthetic-dataset.ts";
import { synthesizeDataset } from "../synthesis/synthesize-dataset.ts";
import { type JobContext, PermanentJobError } from "./job-context.ts";

const THUMBNAIL_SIZE = 320;

function findPresetOf(ranges: unknown): SynthesisPresetName | undefined {
  const names = Object.keys(SYNTHESIS_PRESETS) as SynthesisPresetName[];
  return names.find((name) => isDeepStrictEqual(SYNTHESIS_PRESETS[name], ranges));
}

export async function handleSynthesisRun(
  ctx: JobContext<JobPayload<typeof synthesisRunJob>>,
  options: { threads?: number } = {},
): Promise<void> {
  const run = await findSynthesisRunRecipe(ctx.db, ctx.payload.runId);
  if (!run) throw new PermanentJobError(`synthesis run ${ctx.payload.runId} no longer exists`);
  if (run.status === "succeeded") return;
  await setSynthesisRunStatus(ctx.db, { runId: run.id, status: "running" });

  const scratch = await mkdtemp(join(tmpdir(), `myoscope-synth-${run.id}-`));
  try {
    // A parameter added to the engine after the run was recorded takes its
    // preset's range, so older runs still render.
    const presetRanges = Object.hasOwn(SYNTHESIS_PRESETS, run.preset)
      ? SYNTHESIS_PRESETS[run.preset as SynthesisPresetName]
      : {};
    const ranges = { ...presetRanges, ...(run.ranges as object) } as SynthesisRanges;
    const preset = findPresetOf(ranges);
    const source = preset ? { preset } : { ranges };
    let lastReport = 0;
    const manifest = await synthesizeDataset({
      ...source,
      count: run.count,
      size: run.size,
      seed: run.seed,
      outDir: scratch,
      ...(options.threads ? { threads: options.threads } : {}),
      onProgress: ({ done, total }) => {
        const now = Date.now();
        if (now - lastReport < 500 && done < total) return;
        lastReport = now;
        void ctx.progress(Math.round((done / total) * 85), `rendered ${done} of ${total} images`);
      },
    });

    await ctx.progress(88, "storing images");
    const images: SynthesisImageInput[] = [];
    const labelFiles: string[] = [];
    for (const image of manifest.images) {
      const key = (kind: Parameters<typeof getSynthesisImageKey>[3]) =>
        getSynthesisImageKey(run.projectId, run.id, image.name, kind);
      const file = (suffix: string) => join(scratch, `${image.name}${suffix}`);
      const thumbnail = await sharp(file(".png"))
        .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
        .jpeg({ quality: 82 })
        .toBuffer();
      await ctx.storage.put(key("image"), createReadStream(file(".png")));
      await ctx.storage.put(key("labels"), createReadStream(file(".labels.png")));
      await ctx.storage.put(key("classes"), createReadStream(file(".classes.png")));
      await ctx.storage.put(key("metadata"), createReadStream(file(".json")));
      await ctx.storage.put(key("thumbnail"), thumbnail);
      const metadata = JSON.parse(await readFile(file(".json"), "utf8")) as {
        params?: Record<string, number>;
        stats?: Record<string, unknown>;
      };
      labelFiles.push(file(".labels.png"));
      images.push({
        index: image.index,
        name: image.name,
        seed: image.seed,
        mpp: image.mpp,
        fiberCount: image.fiberCount,
        params: metadata.params ?? {},
        stats: (metadata.stats ?? {}) as Record<string, number>,
        imageKey: key("image"),
        labelsKey: key("labels"),
        classesKey: key("classes"),
        thumbnailKey: key("thumbnail"),
      });
    }
    const stats = await summarizeSyntheticDataset(images, labelFiles);

    await ctx.progress(97, "saving run");
    await ctx.failpoint("synthesis.run.before-commit");
    await ctx.commit(async (tx) => {
      await saveSynthesisRunResults(tx, {
        runId: run.id,
        projectId: run.projectId,
        images,
        stats,
        generatorVersion: `${manifest.generator.version}+${manifest.generator.sourceHash}`,
      });
      return { images: images.length, fibers: stats.fiberCount };
    }, `${images.length} images, ${stats.fiberCount} fibers`);
  } catch (error) {
    // Retrying cannot help: show the run as failed (transient errors keep it running for the retry).
    // A RangeError means the recorded parameters are invalid: the same on every attempt.
    const isPermanent = error instanceof PermanentJobError || error instanceof RangeError;
    if (isPermanent) await setSynthesisRunStatus(ctx.db, { runId: run.id, status: "failed" });
    if (error instanceof RangeError) throw new PermanentJobError(error.message, { cause: error });
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
