import { listPendingInvitesForEmail } from "@myoscope/db/members";
import { listOrganizationsOfUser } from "@myoscope/db/organizations";
import { z } from "zod";
import { acceptInvite } from "../../members/accept-invite.ts";
import { createOrganization } from "../../organizations/create-organization.ts";
import { createTRPCRouter, protectedProcedure } from "../trpc.ts";

export const userRouter = createTRPCRouter({
  me: protectedProcedure.query(({ ctx }) => ctx.user),

  organizations: protectedProcedure.query(({ ctx }) =>
    listOrganizationsOfUser(ctx.db, ctx.user.id),
  ),

  createOrganization: protectedProcedure
    .input(z.object({ name: z.string().trim().min(2).max(120) }))
    .mutation(({ ctx, input }) =>
      createOrganization(ctx.db, { name: input.name, ownerId: ctx.user.id }),
    ),

  pendingInvites: protectedProcedure.query(({ ctx }) =>
    listPendingInvitesForEmail(ctx.db, ctx.user.email, new Date()),
  ),

  acceptInvite: protectedProcedure
    .input(
      z.union([
        z.object({ token: z.string().min(10).max(200) }),
        z.object({ inviteId: z.string().min(1).max(64) }),
      ]),
    )
    .mutation(({ ctx, input }) => acceptInvite(ctx.db, { userId: ctx.user.id, ...input })),
});
