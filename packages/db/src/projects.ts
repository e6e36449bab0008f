/**
 * @module projects
 */

import type { Prisma, ProjectRole } from "@prisma/client";
import type { DbOrTx } from "./client.ts";

export const projectSelect = {
  id: true,
  name: true,
  description: true,
  createdAt: true,
  updatedAt: true,
  organization: { select: { id: true, name: true, slug: true } },
} satisfies Prisma.ProjectSelect;

export type ProjectDto = Prisma.ProjectGetPayload<{ select: typeof projectSelect }>;
export type ProjectSummaryDto = ProjectDto & {
  role: ProjectRole;
  counts: { subjects: number; sections: number; members: number };
};

export async function insertProject(
  db: DbOrTx,
  input: { organizationId: string; name: string; description: string; ownerId: string },
): Promise<ProjectDto> {
  return db.project.create({
    data: {
      organizationId: input.organizationId,
      name: input.name,
      description: input.description,
      members: { create: { userId: input.ownerId, role: "owner" } },
    },
    select: projectSelect,
  });
}

export async function findProjectRole(
  db: DbOrTx,
  input: { projectId: string; userId: string },
): Promise<ProjectRole | null> {
  const row = await db.projectMember.findUnique({
    where: { projectId_userId: input },
    select: { role: true },
  });
  return row?.role ?? null;
}

export async function findProject(db: DbOrTx, projectId: string): Promise<ProjectDto | null> {
  return db.project.findUnique({ where: { id: projectId }, select: projectSelect });
}

export async function listProjectsOfUser(db: DbOrTx, userId: string): Promise<ProjectSummaryDto[]> {
  const rows = await db.projectMember.findMany({
    where: { userId },
    orderBy: { project: { updatedAt: "desc" } },
    select: {
      role: true,
      project: {
        select: {
          ...projectSelect,
          _count: { select: { subjects: true, sections: true, members: true } },
        },
      },
    },
  });
  return rows.map(({ role, project: { _count, ...project } }) => ({
    ...project,
    role,
    counts: _count,
  }));
}

export async function updateProject(
  db: DbOrTx,
  projectId: string,
  patch: { name?: string; description?: string },
): Promise<ProjectDto> {
  return db.project.update({ where: { id: projectId }, data: patch, select: projectSelect });
}

export async function deleteProject(db: DbOrTx, projectId: string): Promise<void> {
  await db.project.delete({ where: { id: projectId }, select: { id: true } });
}
