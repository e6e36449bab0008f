import { AppError } from "@myoscope/core/errors/app-error";
import type { Db } from "@myoscope/db/client";
import { findOrganizationRole } from "@myoscope/db/organizations";
import { insertProject, type ProjectDto } from "@myoscope/db/projects";

/** Any member of an organization may start a project in it and owns that project. */
export async function createProject(
  db: Db,
  input: { organizationId: string; name: string; description: string; userId: string },
): Promise<ProjectDto> {
  const orgRole = await findOrganizationRole(db, {
    organizationId: input.organizationId,
    userId: input.userId,
  });
  if (orgRole === null) throw new AppError("NOT_FOUND", "organization not found");
  return insertProject(db, {
    organizationId: input.organizationId,
    name: input.name.trim(),
    description: input.description.trim(),
    ownerId: input.userId,
  });
}
