import { requireSessionUserId } from "~/server/auth/require-session";
import { AcceptInvite } from "./accept-invite";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  await requireSessionUserId(`/invites/${token}`);
  return <AcceptInvite token={token} />;
}
