import { AppError } from "@myoscope/core/errors/app-error";
import { type Db, withTransaction } from "@myoscope/db/client";
import { findInviteForAcceptance, markInviteAccepted, upsertMember } from "@myoscope/db/members";
import { ensureOrganizationMember } from "@myoscope/db/organizations";
import { findUserById } from "@myoscope/db/users";
import { hashInviteToken } from "./invite-member.ts";

/**
 * Accepts an invitation, by its link token or (for invites listed to the
 * signed-in user) by id. The invite must be addressed to the user's email.
 * The user also joins the project's organization as a plain member.
 */
export async function acceptInvite(
  db: Db,
  input: { userId: string; token?: string; inviteId?: string; now?: Date },
): Promise<{ projectId: string }> {
  const now = input.now ?? new Date();
  const where = input.token
    ? { tokenHash: hashInviteToken(input.token) }
    : input.inviteId
      ? { id: input.inviteId }
      : null;
  if (!where) throw new AppError("BAD_REQUEST", "token or inviteId is required");
  const [invite, user] = await Promise.all([
    findInviteForAcceptance(db, where),
    findUserById(db, input.userId),
  ]);
  if (!invite || !user || invite.email !== user.email) {
    throw new AppError("NOT_FOUND", "invitation not found for this account");
  }
  if (invite.revokedAt) throw new AppError("CONFLICT", "this invitation was revoked");
  if (invite.acceptedAt) throw new AppError("CONFLICT", "this invitation was already used");
  if (invite.expiresAt <= now) throw new AppError("CONFLICT", "this invitation has expired");
  return withTransaction(db, async (tx) => {
    if ((await markInviteAccepted(tx, { inviteId: invite.id, userId: user.id, now })) !== 1) {
      throw new AppError("CONFLICT", "this invitation is no longer open");
    }
    await upsertMember(tx, { projectId: invite.projectId, userId: user.id, role: invite.role });
    await ensureOrganizationMember(tx, { organizationId: invite.organizationId, userId: user.id });
    return { projectId: invite.projectId };
  });
}
