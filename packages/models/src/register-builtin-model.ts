/**
 * @module register-builtin-model
 * Puts the shipped model (`apps/worker/models/…onnx`) into the registry: the file is
 * validated as any upload is, copied into storage under its sha256, and recorded once
 * as a built-in model every project can use. Safe to call on every start and from
 * several processes at once.
 */
import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { basename, extname } from "node:path";
import { type Db, withTransaction } from "@myoscope/db/client";
import { ensureBuiltinModel, type SegmentationModelDto } from "@myoscope/db/segmentation-models";
import { getBuiltinModelKey } from "@myoscope/storage/model-keys";
import type { Storage } from "@myoscope/storage/storage";
import { inspectSegmentationModel } from "./inspect-segmentation-model.ts";

export type RegisterBuiltinModelResult =
  | { status: "missing"; path: string }
  | { status: "registered"; model: SegmentationModelDto };

export interface RegisterBuiltinModelOptions {
  /**
   * Registry name.
   * @default the file name without `.onnx`
   */
  name?: string;
  /** @default console.log */
  log?: (message: string) => void;
}

/** Any constant works; it only has to be the same for every process registering. */
const REGISTER_LOCK_KEY = 72_310_455;

/**
 * Registers the model file at `path` as a built-in model (idempotent).
 * A missing file is not an error (a checkout without the trained model still runs);
 * it is logged and reported as `missing`.
 * @throws SegmentationModelError when the file is not a usable model.
 */
export async function registerBuiltinModel(
  db: Db,
  storage: Storage,
  path: string,
  options: RegisterBuiltinModelOptions = {},
): Promise<RegisterBuiltinModelResult> {
  const log = options.log ?? ((message: string) => console.log(message));
  try {
    await access(path);
  } catch {
    log(
      `built-in segmentation model not found at ${path}: segmentation runs need an uploaded model until it exists`,
    );
    return { status: "missing", path };
  }
  const info = await inspectSegmentationModel(path);
  const storageKey = getBuiltinModelKey(info.sha256);
  if (!(await storage.exists(storageKey))) await storage.put(storageKey, createReadStream(path));
  const { metadata } = info;
  // Postgres treats NULL project ids as distinct, so the unique index does not stop two
  // processes inserting the same built-in model; a transaction-scoped lock does.
  const model = await withTransaction(db, async (tx) => {
    await tx.$executeRawUnsafe(`select pg_advisory_xact_lock(${REGISTER_LOCK_KEY})`);
    return ensureBuiltinModel(tx, {
      name: options.name ?? basename(path, extname(path)),
      version: info.version ?? "1",
      storageKey,
      sha256: info.sha256,
      byteSize: info.byteSize,
      mpp: metadata.mpp,
      tileSize: metadata.tileSize,
      tileOverlap: metadata.tileOverlap,
      classes: metadata.classes,
      metadata: metadata.props,
    });
  });
  log(
    `built-in segmentation model ${model.name} ${model.version} (${info.sha256.slice(0, 12)}, ${metadata.mpp} µm/px) registered`,
  );
  return { status: "registered", model };
}
