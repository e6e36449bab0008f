/**
 * @module jobs/training-export
 * Copies a succeeded synthesis run's files from storage into a scratch folder
 * in the `myoscope synth` layout, tiles them into a training dataset zip with
 * the export's parameters, stores the zip, and commits the export's
 * `succeeded` status with its size and manifest summary in one transaction.
 * The zip depends only on the run's files and the parameters, so a retry
 * overwrites a crashed attempt's zip with the same content under the same key.
 */
import { createReadStream } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listSynthesisImages } from "@myoscope/db/synthesis-runs";
import {
  findTrainingExportRecipe,
  saveTrainingExportResult,
  setTrainingExportStatus,
  type TrainingExportSummary,
} from "@myoscope/db/training-exports";
import type { JobPayload } from "@myoscope/jobs/define-job";
import type { trainingExportJob } from "@myoscope/jobs/definitions/training-export";
import {
  getSynthesisImageKey,
  getTrainingExportKey,
  type SynthesisFileKind,
} from "@myoscope/storage/synthesis-keys";
import { exportTrainingDataset } from "../training-export/export-training-dataset.ts";
import { type JobContext, PermanentJobError } from "./job-context.ts";

const SOURCE_FILES: ReadonlyArray<[SynthesisFileKind, string]> = [
  ["image", ".png"],
  ["labels", ".labels.png"],
  ["classes", ".classes.png"],
  ["metadata", ".json"],
];

/** A file-system-safe base name for the zip and the folder inside it. */
function toExportName(runName: string, exportId: string): string {
  const slug = runName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${slug || "synthesis"}-training-${exportId.slice(0, 8)}`;
}

export async function handleTrainingExport(
  ctx: JobContext<JobPayload<typeof trainingExportJob>>,
): Promise<void> {
  const record = await findTrainingExportRecipe(ctx.db, ctx.payload.exportId);
  if (!record)
    throw new PermanentJobError(`training export ${ctx.payload.exportId} no longer exists`);
  if (record.status === "succeeded") return;

  const scratch = await mkdtemp(join(tmpdir(), `myoscope-export-${record.id}-`));
  try {
    if (record.run.status !== "succeeded") {
      throw new PermanentJobError(`synthesis run ${record.runId} has not succeeded`);
    }
    await setTrainingExportStatus(ctx.db, { exportId: record.id, status: "running" });
    const images = await listSynthesisImages(ctx.db, {
      projectId: record.projectId,
      runId: record.runId,
    });
    if (images.length === 0)
      throw new PermanentJobError(`synthesis run ${record.runId} has no images`);

    const sourceDir = join(scratch, "sources");
    await mkdir(sourceDir);
    for (const [i, image] of images.entries()) {
      for (const [kind, suffix] of SOURCE_FILES) {
        const key = getSynthesisImageKey(record.projectId, record.runId, image.name, kind);
        await copyFile(await ctx.storage.localPath(key), join(sourceDir, `${image.name}${suffix}`));
      }
      await ctx.progress(Math.round(((i + 1) / images.length) * 10), "copying run files");
    }

    const name = toExportName(record.run.name, record.id);
    const out = join(scratch, name);
    let lastReport = 0;
    const { params } = record;
    const manifest = await exportTrainingDataset({
      from: [sourceDir],
      out,
      tileSize: params.tileSize,
      overlap: params.overlap,
      valFraction: params.valFraction,
      seed: params.seed,
      withWeights: params.withWeights,
      zip: true,
      onProgress: ({ done, total, stage }) => {
        const now = Date.now();
        if (now - lastReport < 500 && done < total) return;
        lastReport = now;
        const percent =
          stage === "tiles" ? 10 + (done / total) * 75 : 85 + (done / Math.max(total, 1)) * 10;
        const message =
          stage === "tiles"
            ? `tiled ${done} of ${total} tiles`
            : `zipped ${done} of ${total} files`;
        void ctx.progress(Math.round(percent), message);
      },
    });

    await ctx.progress(96, "storing zip");
    const storageKey = getTrainingExportKey(record.projectId, record.runId, record.id);
    const { byteSize } = await ctx.storage.put(storageKey, createReadStream(`${out}.zip`));
    const summary: TrainingExportSummary = {
      datasetVersion: manifest.datasetVersion,
      sourceCount: manifest.sources.length,
      tileCount: { train: manifest.tiles.train.length, val: manifest.tiles.val.length },
      fileName: `${name}.zip`,
    };

    await ctx.failpoint("training.export.before-commit");
    await ctx.commit(
      async (tx) => {
        await saveTrainingExportResult(tx, {
          exportId: record.id,
          storageKey,
          byteSize,
          manifest: summary,
        });
        return { byteSize, tiles: summary.tileCount.train + summary.tileCount.val };
      },
      `${summary.tileCount.train + summary.tileCount.val} tiles, ${byteSize} bytes`,
    );
  } catch (error) {
    // Transient errors keep the export running for the retry; a RangeError
    // means the recorded parameters are invalid, the same on every attempt.
    const isPermanent = error instanceof PermanentJobError || error instanceof RangeError;
    if (isPermanent)
      await setTrainingExportStatus(ctx.db, { exportId: record.id, status: "failed" });
    if (error instanceof RangeError) throw new PermanentJobError(error.message, { cause: error });
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
