/**
 * @module factories
 * Seed factories for tests. They go through packages/db, as the app does, and
 * make every row unique (random emails, slugs, identifiers) so tests never
 * depend on each other or on a clean database.
 */
import { randomBytes } from "node:crypto";
import { type Db, withTransaction } from "@myoscope/db/client";
import { type MemberDto, upsertMember } from "@myoscope/db/members";
import { insertOrganization, type OrganizationDto } from "@myoscope/db/organizations";
import type { ProjectRole } from "@myoscope/db/prisma-types";
import { insertProject, type ProjectDto } from "@myoscope/db/projects";
import { insertSection, type SectionDto } from "@myoscope/db/sections";
import { insertSubject, type SubjectDto, type SubjectInput } from "@myoscope/db/subjects";
import { insertUser, type UserDto, userSelect } from "@myoscope/db/users";

export function createUniqueSuffix(): string {
  return randomBytes(5).toString("hex");
}

export async function createTestUser(
  db: Db,
  input: { email?: string; name?: string; isAdmin?: boolean } = {},
): Promise<UserDto> {
  const suffix = createUniqueSuffix();
  const user = await withTransaction(db, (tx) =>
    insertUser(tx, {
      email: input.email ?? `user-${suffix}@test.local`,
      name: input.name ?? `Test User ${suffix}`,
      passwordHash: null,
    }),
  );
  // insertUser makes the installation's first user an admin; in a shared test
  // database "first" is whichever test ran first, so pin the flag explicitly.
  const isAdmin = input.isAdmin ?? false;
  if (user.isAdmin === isAdmin) return user;
  return db.user.update({ where: { id: user.id }, data: { isAdmin }, select: userSelect });
}

export async function createTestOrganization(db: Db, ownerId: string): Promise<OrganizationDto> {
  const suffix = createUniqueSuffix();
  return insertOrganization(db, { name: `Test Lab ${suffix}`, slug: `lab-${suffix}`, ownerId });
}

export async function createTestProject(
  db: Db,
  input: { ownerId: string; organizationId?: string; name?: string },
): Promise<ProjectDto> {
  const organizationId =
    input.organizationId ?? (await createTestOrganization(db, input.ownerId)).id;
  return insertProject(db, {
    organizationId,
    name: input.name ?? `Test Project ${createUniqueSuffix()}`,
    description: "",
    ownerId: input.ownerId,
  });
}

export async function addTestMember(
  db: Db,
  input: { projectId: string; userId: string; role: ProjectRole },
): Promise<MemberDto> {
  return upsertMember(db, input);
}

export async function createTestSubject(
  db: Db,
  projectId: string,
  overrides: Partial<SubjectInput> = {},
): Promise<SubjectDto> {
  return insertSubject(db, {
    projectId,
    identifier: `M-${createUniqueSuffix()}`,
    group: "WT",
    sex: "unknown",
    ageWeeks: null,
    metadata: {},
    ...overrides,
  });
}

export type TestSectionDto = SectionDto & { storageKey: string };

/**
 * Inserts a section row as an upload does (status `processing`). The file
 * itself is the caller's business: write it to `storageKey` in the storage.
 */
export async function createTestSection(
  db: Db,
  input: {
    projectId: string;
    subjectId: string;
    uploadedById: string;
    originalFilename: string;
    mimeType: string;
    byteSize: number;
    sha256: string;
  },
): Promise<TestSectionDto> {
  const id = `sec${createUniqueSuffix()}${createUniqueSuffix()}`;
  const extension = /\.[A-Za-z0-9]+$/.exec(input.originalFilename)?.[0]?.toLowerCase() ?? "";
  const storageKey = `projects/${input.projectId}/sections/${id}/original${extension}`;
  const section = await insertSection(db, {
    ...input,
    id,
    storageKey,
    name: input.originalFilename,
    pixelSizeUm: 1,
    stain: "H&E",
    preparation: "unknown",
    muscles: [],
    acquisitionNotes: "",
  });
  return { ...section, storageKey };
}
