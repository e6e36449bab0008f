/**
 * Seeds the demo installation: a demo pathologist (admin, as the first user), a
 * lab, and a desmin knock-out cohort with three WT and three DKO subjects.
 * Idempotent: does nothing when the demo user already exists.
 *
 * With `cohort` (storage and queue given), each subject also gets one synthetic
 * H&E section rendered by the core synthesis engine: `he-ffpe` for WT,
 * `myopathic` for DKO (smaller, more variable fibers, more connective tissue),
 * at 0.78 µm/px. The sections are stored and enqueued like uploads (ingest job)
 * and a segmentation run with the shipped model is enqueued for each, so the
 * worker fills the cohort dashboard with real computed results within minutes.
 * Without `cohort` (the end-to-end runner) nothing is rendered or enqueued.
 *
 *   npm run db:seed            # uses DATABASE_URL and STORAGE_DIR; seeds the cohort too
 *
 * The CLI also registers the shipped segmentation model, as the worker does on start.
 * `npm start` calls seedDemo() on an empty database.
 */
import { createHash, randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  POSTPROCESS_PARAMS_VERSION,
  postprocessParamsSchema,
} from "@myoscope/core/postprocess/postprocess-params";
import { SYNTHESIS_PRESETS } from "@myoscope/core/synthesis/presets";
import { sampleSynthesisParams } from "@myoscope/core/synthesis/sample-synthesis-params";
import { synthesizeImage } from "@myoscope/core/synthesis/synthesize-image";
import { createDb, type Db, type Tx, withTransaction } from "@myoscope/db/client";
import { insertOrganization, isOrganizationSlugTaken } from "@myoscope/db/organizations";
import { insertProject } from "@myoscope/db/projects";
import { insertSection } from "@myoscope/db/sections";
import { insertSegmentationRun } from "@myoscope/db/segmentation-runs";
import { insertSubject, type SubjectInput } from "@myoscope/db/subjects";
import { findUserByEmail, insertUser } from "@myoscope/db/users";
import { sectionThumbnailJob } from "@myoscope/jobs/definitions/section-thumbnail";
import { segmentationRunJob } from "@myoscope/jobs/definitions/segmentation-run";
import { enqueueJob } from "@myoscope/jobs/enqueue-job";
import { type Queue, startQueue } from "@myoscope/jobs/queue";
import { registerBuiltinModel } from "@myoscope/models/register-builtin-model";
import { createLocalStorage } from "@myoscope/storage/local-storage";
import { getSectionOriginalKey } from "@myoscope/storage/section-keys";
import type { Storage } from "@myoscope/storage/storage";
import { hashPassword } from "@myoscope/web/server/auth/password";
import { DEFAULT_MODEL_PATH } from "@myoscope/worker/segmentation/default-model-path";
import sharp from "sharp";

/** Documented in the README; only for local demos, never for a shared server. */
export const DEMO_CREDENTIALS = {
  email: "demo@myoscope.local",
  password: "myoscope-demo",
} as const;

const DEMO_USER_NAME = "Demo Pathologist";
const DEMO_ORGANIZATION = { name: "Demo Muscle Lab", slug: "demo-muscle-lab" } as const;
const DEMO_PROJECT = {
  name: "Desmin knock-out cohort (demo)",
  description:
    "Demo study: H&E sections of wild-type and desmin knock-out (DKO) mice, to try " +
    "segmentation, per-fiber features and cohort statistics.",
} as const;
const DEMO_SUBJECTS: SubjectInput[] = [
  { identifier: "WT-01", group: "WT", sex: "male", ageWeeks: 12, metadata: { muscle: "soleus" } },
  { identifier: "WT-02", group: "WT", sex: "female", ageWeeks: 12, metadata: { muscle: "soleus" } },
  { identifier: "WT-03", group: "WT", sex: "male", ageWeeks: 13, metadata: { muscle: "soleus" } },
  {
    identifier: "DKO-01",
    group: "DKO Hom",
    sex: "male",
    ageWeeks: 12,
    metadata: { muscle: "soleus" },
  },
  {
    identifier: "DKO-02",
    group: "DKO Hom",
    sex: "female",
    ageWeeks: 12,
    metadata: { muscle: "soleus" },
  },
  {
    identifier: "DKO-03",
    group: "DKO Hom",
    sex: "female",
    ageWeeks: 13,
    metadata: { muscle: "soleus" },
  },
];

/** Pixel size of the demo sections, about the shipped model's training resolution. */
const DEMO_MPP = 0.78;

export interface DemoCohortOptions {
  storage: Storage;
  queue: Queue;
  /** Path of the shipped ONNX model; a missing file seeds sections without runs. */
  modelPath: string;
  /**
   * Side of each square synthetic section in pixels.
   * @default 1280
   */
  size?: number;
}

export interface SeedDemoOptions {
  log?: (message: string) => void;
  /** Render, store and enqueue the demo cohort's sections and runs; omitted = subjects only. */
  cohort?: DemoCohortOptions;
}

export interface SeedDemoResult {
  /** False when the demo user already existed and nothing was written. */
  isCreated: boolean;
  credentials: typeof DEMO_CREDENTIALS;
}

export async function seedDemo(db: Db, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const log = options.log ?? console.log;
  if (await findUserByEmail(db, DEMO_CREDENTIALS.email)) {
    log(`demo: ${DEMO_CREDENTIALS.email} already exists, nothing to seed`);
    return { isCreated: false, credentials: DEMO_CREDENTIALS };
  }
  // bcrypt is slow on purpose; hash before opening the transaction.
  const passwordHash = await hashPassword(DEMO_CREDENTIALS.password);
  const summary = await withTransaction(db, (tx) => insertDemo(tx, passwordHash));
  log(
    `demo: created ${DEMO_CREDENTIALS.email}${summary.isAdmin ? " (admin)" : ""}, ` +
      `"${DEMO_ORGANIZATION.name}", "${DEMO_PROJECT.name}" with ${summary.subjects.length} subjects`,
  );
  if (options.cohort) {
    await seedDemoCohort(db, options.cohort, { ...summary, log });
  }
  return { isCreated: true, credentials: DEMO_CREDENTIALS };
}

/**
 * One synthetic section per subject, stored and enqueued like an upload, plus a
 * queued segmentation run with the shipped model. Rendering happens before any
 * transaction; each section's rows and jobs commit together.
 * @returns the ids of the queued segmentation runs.
 */
export async function seedDemoCohort(
  db: Db,
  cohort: DemoCohortOptions,
  context: {
    projectId: string;
    userId: string;
    subjects: { id: string; identifier: string; group: string }[];
    log: (message: string) => void;
  },
): Promise<string[]> {
  const size = cohort.size ?? 1280;
  const registered = await registerBuiltinModel(db, cohort.storage, cohort.modelPath, {
    log: context.log,
  });
  const model = registered.status === "registered" ? registered.model : null;
  const params = postprocessParamsSchema.parse({});
  const runIds: string[] = [];
  for (const [index, subject] of context.subjects.entries()) {
    const preset = subject.group === "WT" ? "he-ffpe" : "myopathic";
    const seed = 8_000 + index;
    const synthesisParams = sampleSynthesisParams(
      { ...SYNTHESIS_PRESETS[preset], mpp: DEMO_MPP },
      { seed },
    );
    const image = synthesizeImage(synthesisParams, { width: size, height: size, seed });
    const png = await sharp(Buffer.from(image.rgb), {
      raw: { width: image.width, height: image.height, channels: 3 },
    })
      .png()
      .toBuffer();
    const sectionId = randomUUID();
    const storageKey = getSectionOriginalKey(context.projectId, sectionId, "png");
    await cohort.storage.put(storageKey, png);
    const runId = await withTransaction(db, async (tx) => {
      await insertSection(tx, {
        id: sectionId,
        projectId: context.projectId,
        subjectId: subject.id,
        name: `${subject.identifier} ${preset} (synthetic)`,
        pixelSizeUm: DEMO_MPP,
        stain: "H&E",
        preparation: preset === "he-ffpe" ? "ffpe" : "unknown",
        muscles: [],
        acquisitionNotes: `Synthetic demo section: preset ${preset}, seed ${seed}, ${size}×${size} px.`,
        storageKey,
        originalFilename: `${subject.identifier}-${preset}.png`,
        mimeType: "image/png",
        byteSize: png.length,
        sha256: createHash("sha256").update(png).digest("hex"),
        uploadedById: context.userId,
        vendor: "png",
        properties: { synthetic: true, preset, seed },
      });
      const jobOptions = { projectId: context.projectId, createdById: context.userId };
      await enqueueJob(tx, cohort.queue, sectionThumbnailJob, { sectionId }, jobOptions);
      if (!model) return null;
      const id = randomUUID();
      const job = await enqueueJob(tx, cohort.queue, segmentationRunJob, { runId: id }, jobOptions);
      await insertSegmentationRun(tx, {
        id,
        projectId: context.projectId,
        sectionId,
        modelId: model.id,
        params,
        paramsVersion: String(POSTPROCESS_PARAMS_VERSION),
        jobId: job.id,
        createdById: context.userId,
      });
      return id;
    });
    if (runId) runIds.push(runId);
  }
  context.log(
    `demo: ${context.subjects.length} synthetic sections (${size}² px, ${DEMO_MPP} µm/px) queued` +
      (model ? `, ${runIds.length} segmentation runs queued` : ", no model: no segmentation runs"),
  );
  return runIds;
}

/** True when at least one user exists; `npm start` seeds only an empty installation. */
export { hasAnyUser } from "@myoscope/db/users";

async function insertDemo(
  tx: Tx,
  passwordHash: string,
): Promise<{
  isAdmin: boolean;
  projectId: string;
  userId: string;
  subjects: { id: string; identifier: string; group: string }[];
}> {
  const user = await insertUser(tx, {
    email: DEMO_CREDENTIALS.email,
    name: DEMO_USER_NAME,
    passwordHash,
  });
  const slug = (await isOrganizationSlugTaken(tx, DEMO_ORGANIZATION.slug))
    ? `${DEMO_ORGANIZATION.slug}-${Date.now().toString(36)}`
    : DEMO_ORGANIZATION.slug;
  const organization = await insertOrganization(tx, {
    name: DEMO_ORGANIZATION.name,
    slug,
    ownerId: user.id,
  });
  const project = await insertProject(tx, {
    organizationId: organization.id,
    name: DEMO_PROJECT.name,
    description: DEMO_PROJECT.description,
    ownerId: user.id,
  });
  const subjects = [];
  for (const subject of DEMO_SUBJECTS) {
    const row = await insertSubject(tx, { ...subject, projectId: project.id });
    subjects.push({ id: row.id, identifier: row.identifier, group: row.group });
  }
  return { isAdmin: user.isAdmin, projectId: project.id, userId: user.id, subjects };
}

async function runCli(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error("DATABASE_URL is not set");
    process.exit(2);
  }
  const db = createDb(databaseUrl, { poolSize: 2 });
  const queue = await startQueue(databaseUrl, { poolSize: 2 });
  try {
    const storage = createLocalStorage(resolve(process.env.STORAGE_DIR || ".data/storage"));
    const { isCreated, credentials } = await seedDemo(db, {
      cohort: { storage, queue, modelPath: DEFAULT_MODEL_PATH },
    });
    if (isCreated) console.log(`demo login: ${credentials.email} / ${credentials.password}`);
    // The worker also does this on start; seeding alone leaves a usable registry too.
    await registerBuiltinModel(db, storage, DEFAULT_MODEL_PATH);
  } finally {
    await queue.stop({ graceful: true, wait: true, timeout: 5_000 });
    await db.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runCli();
}
