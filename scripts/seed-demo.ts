/**
 * Seeds the demo installation: a demo pathologist (admin, as the first user), a
 * lab, and a desmin knock-out cohort with a few subjects. Idempotent: does
 * nothing when the demo user already exists.
 *
 *   npm run db:seed            # uses DATABASE_URL (and STORAGE_DIR for the model)
 *
 * The CLI also registers the shipped segmentation model, as the worker does on start.
 * `npm start` calls seedDemo() on an empty database.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createDb, type Db, type Tx, withTransaction } from "@myoscope/db/client";
import { insertOrganization, isOrganizationSlugTaken } from "@myoscope/db/organizations";
import { insertProject } from "@myoscope/db/projects";
import { insertSubject, type SubjectInput } from "@myoscope/db/subjects";
import { findUserByEmail, insertUser } from "@myoscope/db/users";
import { registerBuiltinModel } from "@myoscope/models/register-builtin-model";
import { createLocalStorage } from "@myoscope/storage/local-storage";
import { hashPassword } from "@myoscope/web/server/auth/password";
import { DEFAULT_MODEL_PATH } from "@myoscope/worker/segmentation/default-model-path";

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
];

export interface SeedDemoOptions {
  log?: (message: string) => void;
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
      `"${DEMO_ORGANIZATION.name}", "${DEMO_PROJECT.name}" with ${summary.subjectCount} subjects`,
  );
  return { isCreated: true, credentials: DEMO_CREDENTIALS };
}

/** True when at least one user exists; `npm start` seeds only an empty installation. */
export { hasAnyUser } from "@myoscope/db/users";

async function insertDemo(
  tx: Tx,
  passwordHash: string,
): Promise<{ isAdmin: boolean; subjectCount: number }> {
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
  for (const subject of DEMO_SUBJECTS) {
    await insertSubject(tx, { ...subject, projectId: project.id });
  }
  return { isAdmin: user.isAdmin, subjectCount: DEMO_SUBJECTS.length };
}

async function runCli(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error("DATABASE_URL is not set");
    process.exit(2);
  }
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const { isCreated, credentials } = await seedDemo(db);
    if (isCreated) console.log(`demo login: ${credentials.email} / ${credentials.password}`);
    // The worker also does this on start; seeding alone leaves a usable registry too.
    const storage = createLocalStorage(resolve(process.env.STORAGE_DIR || ".data/storage"));
    await registerBuiltinModel(db, storage, DEFAULT_MODEL_PATH);
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runCli();
}
