/**
 * @module organizations
 */

import type { OrgRole, Prisma } from "@prisma/client";
import type { DbOrTx } from "./client.ts";

export const organizationSelect = {
  id: true,
  name: true,
  slug: true,
  createdAt: true,
} satisfies Prisma.OrganizationSelect;

export type OrganizationDto = Prisma.OrganizationGetPayload<{ select: typeof organizationSelect }>;
export type OrganizationWithRoleDto = OrganizationDto & { role: OrgRole };

export async function insertOrganization(
  db: DbOrTx,
  input: { name: string; slug: string; ownerId: string },
): Promise<OrganizationDto> {
  return db.organization.create({
    data: {
      name: input.name,
      slug: input.slug,
      members: { create: { userId: input.ownerId, role: "owner" } },
    },
    select: organizationSelect,
  });
}

export async function isOrganizationSlugTaken(db: DbOrTx, slug: string): Promise<boolean> {
  return (await db.organization.count({ where: { slug } })) > 0;
}

export async function listOrganizationsOfUser(
  db: DbOrTx,
  userId: string,
): Promise<OrganizationWithRoleDto[]> {
  const rows = await db.organizationMember.findMany({
    where: { userId },
    orderBy: { organization: { name: "asc" } },
    select: { role: true, organization: { select: organizationSelect } },
  });
  return rows.map((row) => ({ ...row.organization, role: row.role }));
}

export async function findOrganizationRole(
  db: DbOrTx,
  input: { organizationId: string; userId: string },
): Promise<OrgRole | null> {
  const row = await db.organizationMember.findUnique({
    where: { organizationId_userId: input },
    select: { role: true },
  });
  return row?.role ?? null;
}

/** Adds the user to the organization as a plain member unless already there. */
export async function ensureOrganizationMember(
  db: DbOrTx,
  input: { organizationId: string; userId: string },
): Promise<void> {
  await db.organizationMember.upsert({
    where: { organizationId_userId: input },
    create: { ...input, role: "member" },
    update: {},
    select: { id: true },
  });
}
