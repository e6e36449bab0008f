import "server-only";
import { redirect } from "next/navigation";
import { auth } from "./auth.ts";

/** For pages: the signed-in user's id, or a redirect to sign-in. */
export async function requireSessionUserId(nextPath: string): Promise<string> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) redirect(`/sign-in?next=${encodeURIComponent(nextPath)}`);
  return id;
}
