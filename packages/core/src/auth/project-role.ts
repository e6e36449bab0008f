/**
 * @module auth/project-role
 * Project roles form a ladder: each role can do everything the roles below it can.
 * `rater` sits above `viewer` (it may submit grades) and below `annotator`.
 */

export const PROJECT_ROLES = ["owner", "editor", "annotator", "rater", "viewer"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

const RANK: Record<ProjectRole, number> = {
  viewer: 0,
  rater: 1,
  annotator: 2,
  editor: 3,
  owner: 4,
};

/** True when `role` grants at least the permissions of `minRole`. */
export function hasRoleAtLeast(role: ProjectRole, minRole: ProjectRole): boolean {
  return RANK[role] >= RANK[minRole];
}

export function isProjectRole(value: unknown): value is ProjectRole {
  return typeof value === "string" && (PROJECT_ROLES as readonly string[]).includes(value);
}
