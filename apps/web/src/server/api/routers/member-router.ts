import { AppError } from "@myoscope/core/errors/app-error";
import { listInvites, listMembers, revokeInvite } from "@myoscope/db/members";
import { z } from "zod";
import { changeMemberRole } from "../../members/change-member-role.ts";
import { inviteMember } from "../../members/invite-member.ts";
import { removeMember } from "../../members/remove-member.ts";
import { createTRPCRouter, projectProcedure, projectRoleSchema } from "../trpc.ts";

const id = z.string().min(1).max(64);

export const memberRouter = createTRPCRouter({
  list: projectProcedure("viewer").query(({ ctx, input }) => listMembers(ctx.db, input.projectId)),

  invites: projectProcedure("owner").query(({ ctx, input }) =>
    listInvites(ctx.db, input.projectId),
  ),

  invite: projectProcedure("owner")
    .input(z.object({ email: z.email().max(254), role: projectRoleSchema }))
    .mutation(({ ctx, input }) => inviteMember(ctx.db, { ...input, invitedById: ctx.user.id })),

  revokeInvite: projectProcedure("owner")
    .input(z.object({ inviteId: id }))
    .mutation(async ({ ctx, input }) => {
      if ((await revokeInvite(ctx.db, input)) === 0)
        throw new AppError("NOT_FOUND", "open invite not found");
    }),

  changeRole: projectProcedure("owner")
    .input(z.object({ memberId: id, role: projectRoleSchema }))
    .mutation(({ ctx, input }) => changeMemberRole(ctx.db, input)),

  remove: projectProcedure("owner")
    .input(z.object({ memberId: id }))
    .mutation(({ ctx, input }) => removeMember(ctx.db, input)),
});
