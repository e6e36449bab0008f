/**
 * @module members
 * Project membership and invitations.
 */

import type { Prisma, ProjectRole } from "@prisma/client";
import type { DbOrTx } from "./client.ts";

export const memberSelect = {
  id: true,
  role: true,
  createdAt: true,
  user: { select: { id: true, name: true, email: true } },
} satisfies Prisma.ProjectMemberSelect;

export type MemberDto = Prisma.ProjectMemberGetPayload<{ select: typeof memberSelect }>;

export const inviteSelect = {
  id: true,
  email: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  invitedBy: { select: { id: true, name: true } },
} satisfies Prisma.ProjectInviteSelect;

export type InviteDto = Prisma.ProjectInviteGetPayload<{ select: typeof inviteSelect }>;

/** An open invite as its addressee sees it: project and inviter, nothing else. */
export interface PendingInviteDto {
  id: string;
  role: ProjectRole;
  expiresAt: Date;
  project: { id: string; name: string; organization: { name: string } };
  invitedBy: { name: string };
}

export async function listMembers(db: DbOrTx, projectId: string): Promise<MemberDto[]> {
  return db.projectMember.findMany({
    where: { projectId },
    orderBy: [{ createdAt: "asc" }],
    select: memberSelect,
  });
}

export async function findMember(
  db: DbOrTx,
  input: { projectId: string; memberId: string },
): Promise<MemberDto | null> {
  return db.projectMember.findFirst({
    where: { id: input.memberId, projectId: input.projectId },
    select: memberSelect,
  });
}

export async function countOwners(db: DbOrTx, projectId: string): Promise<number> {
  return db.projectMember.count({ where: { projectId, role: "owner" } });
}

export async function updateMemberRole(
  db: DbOrTx,
  input: { memberId: string; role: ProjectRole },
): Promise<MemberDto> {
  return db.projectMember.update({
    where: { id: input.memberId },
    data: { role: input.role },
    select: memberSelect,
  });
}

export async function deleteMember(db: DbOrTx, memberId: string): Promise<void> {
  await db.projectMember.delete({ where: { id: memberId }, select: { id: true } });
}

export async function upsertMember(
  db: DbOrTx,
  input: { projectId: string; userId: string; role: ProjectRole },
): Promise<MemberDto> {
  return db.projectMember.upsert({
    where: { projectId_userId: { projectId: input.projectId, userId: input.userId } },
    create: input,
    update: { role: input.role },
    select: memberSelect,
  });
}

export async function insertInvite(
  db: DbOrTx,
  input: {
    projectId: string;
    email: string;
    role: ProjectRole;
    tokenHash: string;
    invitedById: string;
    expiresAt: Date;
  },
): Promise<InviteDto> {
  return db.projectInvite.create({ data: input, select: inviteSelect });
}

export async function listInvites(db: DbOrTx, projectId: string): Promise<InviteDto[]> {
  return db.projectInvite.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    select: inviteSelect,
  });
}

export async function revokeInvite(
  db: DbOrTx,
  input: { projectId: string; inviteId: string },
): Promise<number> {
  const { count } = await db.projectInvite.updateMany({
    where: { id: input.inviteId, projectId: input.projectId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}

export async function listPendingInvitesForEmail(
  db: DbOrTx,
  email: string,
  now: Date,
): Promise<PendingInviteDto[]> {
  return db.projectInvite.findMany({
    where: { email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      role: true,
      expiresAt: true,
      project: { select: { id: true, name: true, organization: { select: { name: true } } } },
      invitedBy: { select: { name: true } },
    },
  });
}

export interface InviteForAcceptanceDto {
  id: string;
  projectId: string;
  organizationId: string;
  email: string;
  role: ProjectRole;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export async function findInviteForAcceptance(
  db: DbOrTx,
  where: { id: string } | { tokenHash: string },
): Promise<InviteForAcceptanceDto | null> {
  const row = await db.projectInvite.findUnique({
    where,
    select: {
      id: true,
      projectId: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      project: { select: { organizationId: true } },
    },
  });
  if (!row) return null;
  const { project, ...invite } = row;
  return { ...invite, organizationId: project.organizationId };
}

/** Compare-and-set: only an open invite is marked accepted. Returns rows changed. */
export async function markInviteAccepted(
  db: DbOrTx,
  input: { inviteId: string; userId: string; now: Date },
): Promise<number> {
  const { count } = await db.projectInvite.updateMany({
    where: { id: input.inviteId, acceptedAt: null, revokedAt: null, expiresAt: { gt: input.now } },
    data: { acceptedAt: input.now, acceptedById: input.userId },
  });
  return count;
}
