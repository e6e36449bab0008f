import { createHash, randomBytes } from "node:crypto";
import type { ProjectRole } from "@myoscope/core/auth/project-role";
import { AppError } from "@myoscope/core/errors/app-error";
import type { Db } from "@myoscope/db/client";
import { type InviteDto, insertInvite, listMembers } from "@myoscope/db/members";
import { normalizeEmail } from "@myoscope/db/users";

const INVITE_TTL_DAYS = 14;

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Creates an invitation. The token is returned once (to be sent by email or
 * shared as a link) and only its hash is stored. The invitee may belong to any
 * organization: that is how cross-institution reviewers join.
 */
export async function inviteMember(
  db: Db,
  input: { projectId: string; email: string; role: ProjectRole; invitedById: string; now?: Date },
): Promise<{ invite: InviteDto; token: string }> {
  const email = normalizeEmail(input.email);
  const members = await listMembers(db, input.projectId);
  if (members.some((m) => m.user.email === email)) {
    throw new AppError("CONFLICT", `${email} is already a member of this project`);
  }
  const token = randomBytes(24).toString("base64url");
  const now = input.now ?? new Date();
  const invite = await insertInvite(db, {
    projectId: input.projectId,
    email,
    role: input.role,
    tokenHash: hashInviteToken(token),
    invitedById: input.invitedById,
    expiresAt: new Date(now.getTime() + INVITE_TTL_DAYS * 86_400_000),
  });
  return { invite, token };
}
