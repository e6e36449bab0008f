import type { ProjectRole } from "@myoscope/core/auth/project-role";
import { hasRoleAtLeast } from "@myoscope/core/auth/project-role";
import { AppError } from "@myoscope/core/errors/app-error";
import type { DbOrTx } from "@myoscope/db/client";
import { findProjectRole } from "@myoscope/db/projects";

/**
 * Returns the user's role in the project, or throws. Non-members get NOT_FOUND,
 * not FORBIDDEN, so project ids of other teams cannot be probed; members with
 * too low a role get FORBIDDEN naming the role they need.
 */
export async function requireProjectRole(
  db: DbOrTx,
  input: { projectId: string; userId: string; minRole: ProjectRole },
): Promise<ProjectRole> {
  const role = await findProjectRole(db, { projectId: input.projectId, userId: input.userId });
  if (role === null) throw new AppError("NOT_FOUND", "project not found");
  if (!hasRoleAtLeast(role, input.minRole)) {
    throw new AppError(
      "FORBIDDEN",
      `this action needs the ${input.minRole} role or higher; you are ${role}`,
    );
  }
  return role;
}
