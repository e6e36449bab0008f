/**
 * @module request-context
 * Wires the running app's singletons and the request's session into a tRPC
 * context. Tests use createContextInner directly instead.
 */
import "server-only";
import { type Context, createContextInner } from "./api/trpc.ts";
import { auth } from "./auth/auth.ts";
import { getDb, getQueue, getStorage } from "./services.ts";

export async function createRequestContext(): Promise<Context> {
  const session = await auth();
  const userId = session?.user?.id;
  return createContextInner({
    db: getDb(),
    getQueue,
    storage: getStorage(),
    session: userId ? { user: { id: userId } } : null,
  });
}
